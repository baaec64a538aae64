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
  /** How long a replica owns a document while publishing it (ms); another replica takes over after. */
  leaseMs?: number;
  batchSize?: number;
  /** The service's per-document write lock (see keyed-lock.ts); the relay's writes take it too. */
  lock?: KeyedLock;
}

export interface OutboxRelay {
  start(): void;
  /** Wake the relay now (call after a write that added events). */
  notify(): void;
  /** Run one pass; returns the number of events published. Used by tests and by the loop. */
  drainOnce(): Promise<number>;
  stop(): Promise<void>;
  published(): number;
}

/**
 * Publishes pending outbox entries, then removes them (publish → PubAck → $pull). A crash between the two
 * re-publishes on restart; JetStream drops the duplicate by `Nats-Msg-Id` and consumers are idempotent.
 * Replicas cooperate through a short lease on each document (`outboxLockedUntil`).
 */
export function createOutboxRelay(opts: OutboxRelayOptions): OutboxRelay {
  const intervalMs = opts.intervalMs ?? 500;
  // Short: publishing takes milliseconds, and after a crash the entries wait out the lease before a restart
  // (or another replica) re-publishes them.
  const leaseMs = opts.leaseMs ?? 5_000;
  const batch = opts.batchSize ?? 100;
  const lock = opts.lock ?? createKeyedLock();
  let running = false;
  let wake: (() => void) | undefined;
  let loop: Promise<void> | undefined;
  let dirty = false;
  let total = 0;

  const relayDocument = (coll: Collection<Document>, id: unknown): Promise<number> =>
    lock.run(`${coll.collectionName}/${String(id)}`, () => relayLocked(coll, id));

  async function relayLocked(coll: Collection<Document>, id: unknown): Promise<number> {
    const now = new Date();
    const claimed = await coll.findOneAndUpdate(
      { _id: id, outboxPending: true, $or: [{ outboxLockedUntil: null }, { outboxLockedUntil: { $lt: now } }] } as Document,
      { $set: { outboxLockedUntil: new Date(now.getTime() + leaseMs) } },
      // No projection: FerretDB 1.x does not implement `fields` on findAndModify.
      { returnDocument: 'after' },
    );
    if (!claimed) return 0;
    const entries = (claimed.outbox ?? []) as OutboxEntry[];
    const done: OutboxEntry[] = [];
    try {
      for (const entry of entries) {
        faultPoint('outbox.before-publish');
        await opts.publisher.publish(JSON.parse(entry.envelope) as Envelope);
        done.push(entry);
      }
      faultPoint('outbox.after-publish');
    } finally {
      // One write removes what was published and releases the lease, a second clears the flag if nothing new
      // arrived. `$pullAll` with the entries exactly as read: FerretDB 1.x ignores `$pull` with a condition
      // ({id: {$in: …}}) but matches whole sub-documents, and so does MongoDB.
      const update =
        done.length > 0 ? { $pullAll: { outbox: done }, $set: { outboxLockedUntil: null } } : { $set: { outboxLockedUntil: null } };
      const res = await coll.updateOne({ _id: id } as Document, update as Document);
      if (done.length > 0 && res.modifiedCount !== 1) opts.logger.error({ docId: String(id) }, 'outbox entries published but not removed');
      await coll.updateOne({ _id: id, outbox: { $size: 0 } } as Document, { $set: { outboxPending: false } });
    }
    return done.length;
  }

  async function drainOnce(): Promise<number> {
    let n = 0;
    for (const coll of opts.collections) {
      const now = new Date();
      const docs = await coll
        .find({ outboxPending: true, $or: [{ outboxLockedUntil: null }, { outboxLockedUntil: { $lt: now } }] } as Document, {
          projection: { _id: 1 },
        })
        .limit(batch)
        .toArray();
      for (const d of docs) n += await relayDocument(coll, d._id);
    }
    total += n;
    return n;
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (running) {
      dirty = false;
      try {
        const n = await drainOnce();
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
    notify() {
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
