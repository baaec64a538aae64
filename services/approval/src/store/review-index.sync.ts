import { randomUUID } from 'node:crypto';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { NOTICES } from '@cas/contracts';
import { AppError } from '@cas/errors';
import type { Logger } from '@cas/logger';
import type { ReviewItem, ReviewStatus } from '../domain/review-item.js';
import type { QueueEntry, QueueFilter, QueuePage, ReviewIndex } from './review-index.js';

export interface ReviewIndexSyncDeps {
  index: ReviewIndex;
  nc: NatsConnection;
  logger: Logger;
  /** Every listed item in the database (repository.queueEntries). */
  entries: () => AsyncIterable<QueueEntry>;
  /** Re-reads one item under its lock and hands it over (repository.refresh). */
  refresh: (applicationId: string, apply: (item: ReviewItem | null) => void) => Promise<void>;
  /** A full reload this often, as a backstop for a missed notice (ms; 0 = only at start and after a reconnect). */
  resyncMs: number;
  /** Wait before retrying a load that failed (ms). */
  retryMs?: number;
}

/** The queue as the HTTP layer reads it: 503 until the index is loaded. */
export interface ReviewQueue {
  list(f: QueueFilter): QueuePage;
  countByStatus(voivodeship: string | null): Record<ReviewStatus, number>;
  unitTypes(): string[];
}

interface Notice {
  id: string;
  from: string;
}

const isNotice = (v: unknown): v is Notice =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Notice).id === 'string' &&
  (v as Notice).id.length <= 64 &&
  typeof (v as Notice).from === 'string';

/**
 * Keeps this replica's queue index (review-index.ts) equal to `review_items` (docs/adr/0008):
 * - it loads every listed item at start; the replica is not ready until then;
 * - its own writes go in as they happen (`local`, called by the repository under the item's lock) and are
 *   announced on a core NATS subject;
 * - a notice from another replica re-reads that item by `_id` under the same lock;
 * - notices are not persisted, so after a NATS reconnect (some may be lost) and every `resyncMs` it reloads;
 *   items changed while a reload reads are read again after it, so the reload cannot put an older state back.
 */
export function createReviewIndexSync(deps: ReviewIndexSyncDeps) {
  const self = randomUUID();
  const { index, logger } = deps;
  let loaded = false;
  let stopped = false;
  /** Items changed while a reload is reading, read again once it is in. */
  let touched: Set<string> | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let sub: Subscription | null = null;
  let timer: NodeJS.Timeout | null = null;
  let retry: NodeJS.Timeout | null = null;

  const apply = (id: string) => (item: ReviewItem | null) => (item ? index.put(item) : index.remove(id));

  async function loadOnce(reason: string): Promise<void> {
    const started = performance.now();
    const changed = new Set<string>();
    touched = changed;
    try {
      await index.load(deps.entries());
    } finally {
      touched = null;
    }
    for (const id of changed) await deps.refresh(id, apply(id));
    loaded = true;
    logger.info({ reason, items: index.size, ms: Math.round(performance.now() - started) }, 'review queue index loaded');
  }

  function reload(reason: string): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await loadOnce(reason);
        } catch (err) {
          logger.error({ err, reason }, 'review queue index could not be loaded; retrying');
          if (!stopped) retry = setTimeout(() => void reload('retry'), deps.retryMs ?? 5_000).unref();
          return;
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
    return running;
  }

  function heard(notice: Notice): void {
    if (notice.from === self) return;
    touched?.add(notice.id);
    deps.refresh(notice.id, apply(notice.id)).catch((err: unknown) => {
      logger.warn({ err, applicationId: notice.id }, 'review item could not be re-read; reloading the queue index');
      void reload('re-read failed');
    });
  }

  function assertLoaded(): void {
    if (!loaded)
      throw new AppError('APPROVAL.QUEUE_LOADING', 'Kolejka wniosków jest właśnie wczytywana. Spróbuj ponownie za kilka sekund.', {
        status: 503,
      });
  }

  return {
    /** Subscribes to other replicas' notices, then loads; resolves when the index is first loaded. */
    async start(): Promise<void> {
      sub = deps.nc.subscribe(NOTICES.approvalReviewItemChanged, {
        callback: (err, msg) => {
          if (err) return;
          let notice: unknown;
          try {
            notice = msg.json();
          } catch {
            return;
          }
          if (isNotice(notice)) heard(notice);
        },
      });
      void (async () => {
        for await (const s of deps.nc.status()) if (s.type === 'reconnect' && !stopped) void reload('NATS reconnected');
      })().catch(() => undefined);
      if (deps.resyncMs > 0) timer = setInterval(() => void reload('periodic'), deps.resyncMs).unref();
      await reload('start');
    },

    /** This replica wrote `item` (the repository's `onChange`). */
    local(item: ReviewItem): void {
      index.put(item);
      touched?.add(item.applicationId);
      try {
        deps.nc.publish(NOTICES.approvalReviewItemChanged, JSON.stringify({ id: item.applicationId, from: self } satisfies Notice));
      } catch (err) {
        // A closed connection: the other replicas reload when they reconnect, and the periodic reload backs that up.
        logger.warn({ err }, 'review item notice not published');
      }
    },

    ready: (): boolean => loaded,

    queue: {
      list(f) {
        assertLoaded();
        return index.list(f);
      },
      countByStatus(voivodeship) {
        assertLoaded();
        return index.countByStatus(voivodeship);
      },
      unitTypes: () => index.unitTypes(),
    } satisfies ReviewQueue,

    stop(): void {
      stopped = true;
      if (timer) clearInterval(timer);
      if (retry) clearTimeout(retry);
      sub?.unsubscribe();
    },
  };
}
export type ReviewIndexSync = ReturnType<typeof createReviewIndexSync>;
