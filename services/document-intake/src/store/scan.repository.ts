import type { Connection } from 'mongoose';
import type { Envelope } from '@cas/contracts';
import { isDuplicateKey, outboxOnInsert, outboxOnUpdate, type KeyedLock, type MongoBackend, type OutboxEntry } from '@cas/mongo';
import { SCAN_STATUS, type Scan } from '../domain/scan.js';

/** Stored names: do not rename without a migration. */
export const SCANS_COLLECTION = 'scans';
export const SCAN_KEYS_COLLECTION = 'scan_keys';

type ScanDoc = Omit<Scan, 'id'> & { _id: string; updatedAt: Date };
/** Insert-only uniqueness (docs/adr/0004): `ext:<client>:<externalId>` and `sha:<voivodeship>:<sha256>`. */
type KeyDoc = { _id: string; scanIds?: string[]; sha256s?: string[]; scanId?: string; createdAt: Date };

const toScan = ({ _id, updatedAt: _u, ...rest }: ScanDoc & Record<string, unknown>): Scan => {
  const { outbox: _o, outboxPending: _p, outboxSince: _s, ...scan } = rest;
  return { id: _id, ...(scan as Omit<Scan, 'id'>) };
};

export function createScanRepository(
  conn: Connection,
  backend: MongoBackend,
  lock: KeyedLock,
  notifyRelay: (id: string, entries?: OutboxEntry[]) => void,
) {
  const scans = () => conn.collection<ScanDoc>(SCANS_COLLECTION);
  const keys = () => conn.collection<KeyDoc>(SCAN_KEYS_COLLECTION);
  const recent = recentInserts(RECENT_SCANS);

  async function get(id: string): Promise<Scan | null> {
    const doc = await scans().findOne({ _id: id });
    return doc ? toScan(doc) : null;
  }

  /** One state change and its event in one document write, only from the expected status (idempotent). */
  async function transition(id: string, from: Scan['status'], set: Partial<Scan>, event: Envelope | null): Promise<boolean> {
    const $set = { ...set, updatedAt: new Date() };
    const withEvent = event ? outboxOnUpdate([event], { $set }) : null;
    const update = withEvent ?? { $set };
    // The relay gets the entries as written, so it publishes without reading the document back.
    const entries = withEvent?.$push.outbox.$each;
    const applied = await lock.run(`${SCANS_COLLECTION}/${id}`, async () => {
      const res = await scans().updateOne({ _id: id, status: from }, update);
      return res.modifiedCount === 1;
    });
    if (applied && entries) notifyRelay(id, entries);
    return applied;
  }

  return {
    async ensureIndexes(): Promise<void> {
      // FerretDB 1.x reads no index but `_id` (docs/adr/0004): query indexes there are write cost only.
      if (backend === 'mongodb') {
        await scans().createIndex({ outboxPending: 1 });
        await scans().createIndex({ status: 1, createdAt: 1 });
        await scans().createIndex({ voivodeship: 1, createdAt: -1 });
      }
    },

    /** Stores a new scan (`queued`); storing the same id again (a retried upload) changes nothing. */
    async insert(scan: Scan): Promise<void> {
      const { id, ...rest } = scan;
      try {
        await scans().insertOne({ _id: id, ...rest, updatedAt: new Date(), ...outboxOnInsert([]) });
        recent.add(scan);
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
    },

    get,

    /**
     * For this replica's own scan job, usually taken right after the upload: the scan as this replica stored it
     * moments ago (`queued`), or as stored now. Safe because every decision is guarded by the status in the
     * database (`decide` changes only a scan that is still `queued`); taken once, so a rerun reads.
     */
    async getForProcessing(id: string): Promise<Scan | null> {
      return recent.take(id) ?? get(id);
    },

    /**
     * The scans one upload created, reserved under the mailroom's `externalId` before any is stored: a repeated
     * upload (a retry after a timeout or a crash) gets the same scan ids back and stores what is missing.
     */
    async reserveExternalId(clientId: string, externalId: string, scanIds: string[], sha256s: string[]) {
      const _id = `ext:${clientId}:${externalId}`;
      try {
        await keys().insertOne({ _id, scanIds, sha256s, createdAt: new Date() });
        return { created: true, scanIds, sha256s };
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        const existing = await keys().findOne({ _id });
        return { created: false, scanIds: existing?.scanIds ?? [], sha256s: existing?.sha256s ?? [] };
      }
    },

    /** The first scan with these bytes in this voivodeship: this one (when first) or the earlier one. */
    async claimContent(voivodeship: string, sha256: string, scanId: string): Promise<string> {
      const _id = `sha:${voivodeship}:${sha256}`;
      try {
        await keys().insertOne({ _id, scanId, createdAt: new Date() });
        return scanId;
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        return (await keys().findOne({ _id }))?.scanId ?? scanId;
      }
    },

    /** `queued` → an outcome, with its event. False when the scan was decided already (a repeated job). */
    decide: (id: string, set: Partial<Scan>, event: Envelope | null) => transition(id, SCAN_STATUS.queued, set, event),

    /**
     * `unmatched` → `queued` again, without an event: the application its code names has become known after the
     * scan was decided (the scan came first). The job is added after; if it is lost, the reconciler adds it.
     */
    reopen: (id: string) => transition(id, SCAN_STATUS.unmatched, { status: SCAN_STATUS.queued, reason: null, decidedAt: null }, null),

    /**
     * Remembers a scan whose number no application had yet, under the voivodeship and number (an `_id` lookup:
     * FerretDB indexes nothing else), so the application's arrival finds it.
     */
    async awaitApplication(voivodeship: string, number: string, scanId: string): Promise<void> {
      await keys().updateOne({ _id: `wait:${voivodeship}:${number}` }, { $addToSet: { scanIds: scanId } }, { upsert: true });
    },

    /** The scans waiting for this application (see `awaitApplication`). */
    async awaitingApplication(voivodeship: string, number: string): Promise<string[]> {
      return (await keys().findOne({ _id: `wait:${voivodeship}:${number}` }))?.scanIds ?? [];
    },

    async doneAwaiting(voivodeship: string, number: string): Promise<void> {
      await keys().deleteOne({ _id: `wait:${voivodeship}:${number}` });
    },

    /** `unmatched` → `matched` by an admin's assignment (`approval.scan.assigned.v1`). */
    assign: (id: string, set: Partial<Scan>, event: Envelope) => transition(id, SCAN_STATUS.unmatched, set, event),

    /** Scans still `queued` long after they arrived (their job vanished from Redis): ids, oldest first. */
    async stuckQueued(olderThan: Date, limit = 500): Promise<string[]> {
      const docs = await scans()
        .find({ status: SCAN_STATUS.queued, createdAt: { $lt: olderThan } }, { projection: { _id: 1 } })
        .sort({ createdAt: 1 })
        .limit(limit)
        .toArray();
      return docs.map((d) => d._id);
    },
  };
}
export type ScanRepository = ReturnType<typeof createScanRepository>;

/** Scans this replica inserted and has not processed yet, at most this many (oldest out first). */
const RECENT_SCANS = 1000;

function recentInserts(max: number) {
  const items = new Map<string, Scan>();
  return {
    add(scan: Scan): void {
      items.set(scan.id, scan);
      if (items.size > max) items.delete(items.keys().next().value!);
    },
    take(id: string): Scan | undefined {
      const scan = items.get(id);
      items.delete(id);
      return scan;
    },
  };
}
