import type { Collection, Document } from 'mongodb';
import { faultPoint } from '@cas/config';
import type { Logger } from '@cas/logger';
import type { Publisher } from '@cas/nats';
import type { Envelope } from '@cas/contracts';
import type { OutboxEntry } from './outbox.js';
import { createKeyedLock, type KeyedLock } from './keyed-lock.js';

export interface OutboxRelayOptions {
  collections: Collection<Document>[];
  publisher: Publisher;
  logger: Logger;
  /** Poll interval when not woken by `notify()` (ms). */
  intervalMs?: number;
  /** How long a replica owns a stale document while publishing it (ms); another replica takes over after. */
  leaseMs?: number;
  /** Documents younger than this are left to the process that wrote them (it was notified); others poll older ones. */
  staleAfterMs?: number;
  /**
   * How often the loop scans for stale documents. The scan cannot use an index on FerretDB 1.x (it reads the
   * whole collection), so it runs rarely; writers' notifications carry the normal traffic.
   */
  staleScanIntervalMs?: number;
  batchSize?: number;
  /** The service's per-document write lock (see keyed-lock.ts); the relay's writes take it too. */
  lock?: KeyedLock;
}

export interface OutboxRelay {
  start(): void;
  /** Wake the relay now; with the document's collection and id, it is published first, without a lease. */
  notify(doc?: { collection: string; id: unknown; entries?: OutboxEntry[] }): void;
  /** Run one pass; returns the number of events published. Used by tests and by the loop. */
  drainOnce(): Promise<number>;
  stop(): Promise<void>;
  published(): number;
}

/**
 * Publishes pending outbox entries, then removes them (publish → PubAck → `$pullAll`). A crash between the two
 * re-publishes on restart; JetStream drops the duplicate by `Nats-Msg-Id` and consumers are idempotent.
 *
 * Two paths, to keep writes per event low (FerretDB/SQLite has one writer; docs/adr/0003):
 * - fresh: the writer calls `notify({collection, id})`; the relay reads that document, publishes and removes
 *   the entries and the pending flag in one write. No lease: other replicas do not touch fresh documents.
 * - stale: documents pending for longer than `staleAfterMs` (their writer crashed or was never notified) are
 *   claimed with a short lease, so replicas do not publish the same stale document at the same time.
 */
export function createOutboxRelay(opts: OutboxRelayOptions): OutboxRelay {
  const intervalMs = opts.intervalMs ?? 500;
  const leaseMs = opts.leaseMs ?? 5_000;
  const staleAfterMs = opts.staleAfterMs ?? 2_000;
  const staleScanIntervalMs = opts.staleScanIntervalMs ?? 30_000;
  // The first scan waits until documents written just before a restart count as stale.
  let nextScanAt = Date.now() + staleAfterMs;
  const batch = opts.batchSize ?? 100;
  const lock = opts.lock ?? createKeyedLock();
  const byName = new Map(opts.collections.map((c) => [c.collectionName, c]));
  const fresh = new Map<string, { coll: Collection<Document>; id: unknown; entries?: OutboxEntry[] }>();
  let running = false;
  let wake: (() => void) | undefined;
  let loop: Promise<void> | undefined;
  let dirty = false;
  let total = 0;

  const locked = <T>(coll: Collection<Document>, id: unknown, fn: () => Promise<T>) => lock.run(`${coll.collectionName}/${String(id)}`, fn);

  /** Publishes the entries in order; then one write removes them (and the flag and lease, if nothing new came). */
  async function publishAndRemove(coll: Collection<Document>, id: unknown, entries: OutboxEntry[]): Promise<number> {
    const done: OutboxEntry[] = [];
    try {
      for (const entry of entries) {
        faultPoint('outbox.before-publish');
        await opts.publisher.publish(JSON.parse(entry.envelope) as Envelope);
        done.push(entry);
      }
      faultPoint('outbox.after-publish');
    } finally {
      // `$pullAll` with the entries exactly as read: FerretDB 1.x ignores `$pull` with a condition
      // ({id: {$in: …}}) but matches whole sub-documents, and so does MongoDB.
      const all = done.length === entries.length;
      const res = all
        ? await coll.updateOne(
            { _id: id, outbox: { $size: entries.length } } as Document,
            {
              $pullAll: { outbox: done },
              $set: { outboxPending: false, outboxSince: null, outboxLockedUntil: null },
            } as Document,
          )
        : { modifiedCount: 0 };
      if (res.modifiedCount !== 1) {
        // Something new was pushed meanwhile (another replica), or publishing stopped part-way: keep the flag.
        const partial = await coll.updateOne(
          { _id: id } as Document,
          {
            ...(done.length > 0 ? { $pullAll: { outbox: done } } : {}),
            $set: { outboxLockedUntil: null },
          } as Document,
        );
        if (done.length > 0 && partial.modifiedCount !== 1)
          opts.logger.error({ docId: String(id) }, 'outbox entries published but not removed');
      }
    }
    return done.length;
  }

  /** With the entries the writer just wrote there is nothing to read back; without them, read the document. */
  function relayFresh(coll: Collection<Document>, id: unknown, known?: OutboxEntry[]): Promise<number> {
    return locked(coll, id, async () => {
      const entries = known ?? (((await coll.findOne({ _id: id, outboxPending: true } as Document))?.outbox ?? []) as OutboxEntry[]);
      return entries.length > 0 ? publishAndRemove(coll, id, entries) : 0;
    });
  }

  function relayStale(coll: Collection<Document>, id: unknown): Promise<number> {
    return locked(coll, id, async () => {
      const now = new Date();
      const claimed = await coll.findOneAndUpdate(
        { _id: id, outboxPending: true, $or: [{ outboxLockedUntil: null }, { outboxLockedUntil: { $lt: now } }] } as Document,
        { $set: { outboxLockedUntil: new Date(now.getTime() + leaseMs) } },
        // No projection: FerretDB 1.x does not implement `fields` on findAndModify.
        { returnDocument: 'after' },
      );
      const entries = (claimed?.outbox ?? []) as OutboxEntry[];
      if (!claimed) return 0;
      if (entries.length === 0) {
        await coll.updateOne({ _id: id, outbox: { $size: 0 } } as Document, {
          $set: { outboxPending: false, outboxSince: null, outboxLockedUntil: null },
        });
        return 0;
      }
      return publishAndRemove(coll, id, entries);
    });
  }

  async function drainFresh(): Promise<number> {
    let n = 0;
    for (const [key, { coll, id, entries }] of [...fresh]) {
      fresh.delete(key);
      n += await relayFresh(coll, id, entries);
    }
    total += n;
    return n;
  }

  async function drainOnce(): Promise<number> {
    return (await drainFresh()) + (await scanStale());
  }

  async function scanStale(): Promise<number> {
    let n = 0;
    for (const coll of opts.collections) {
      const now = new Date();
      const staleBefore = new Date(now.getTime() - staleAfterMs);
      const docs = await coll
        .find(
          {
            outboxPending: true,
            $and: [
              { $or: [{ outboxSince: null }, { outboxSince: { $lte: staleBefore } }] },
              { $or: [{ outboxLockedUntil: null }, { outboxLockedUntil: { $lt: now } }] },
            ],
          } as Document,
          { projection: { _id: 1 } },
        )
        .limit(batch)
        .toArray();
      for (const d of docs) n += await relayStale(coll, d._id);
    }
    total += n;
    return n;
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (running) {
      dirty = false;
      try {
        let n = await drainFresh();
        if (Date.now() >= nextScanAt) {
          const found = await scanStale();
          // A backlog (more than one batch) is drained at once; otherwise wait for the next scheduled scan.
          nextScanAt = found > 0 ? Date.now() : Date.now() + staleScanIntervalMs;
          n += found;
        }
        if (failures > 0) opts.logger.info({ failures }, 'outbox relay recovered');
        failures = 0;
        if (n > 0 || dirty) continue;
      } catch (e) {
        // Broker or database down: back off (up to 10 s) and log once per outage, not once per pass.
        if (failures === 0) opts.logger.warn({ err: e }, 'outbox relay pass failed; retrying with backoff');
        failures++;
      }
      const wait = failures > 0 ? Math.min(10_000, intervalMs * 2 ** Math.min(failures, 5)) : intervalMs;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, wait);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      wake = undefined;
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    notify(doc) {
      const coll = doc ? byName.get(doc.collection) : undefined;
      if (coll && doc) {
        const key = `${doc.collection}/${String(doc.id)}`;
        // Two writes before the relay ran: read the document instead of trusting either list alone.
        fresh.set(key, fresh.has(key) ? { coll, id: doc.id } : { coll, id: doc.id, ...(doc.entries ? { entries: doc.entries } : {}) });
      }
      dirty = true;
      wake?.();
    },
    drainOnce,
    published: () => total,
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}
