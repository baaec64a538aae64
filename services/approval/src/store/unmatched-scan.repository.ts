import type { Connection } from 'mongoose';
import { countBy } from '@cas/mongo';

/** Stored name: do not rename without a migration. */
export const UNMATCHED_SCANS_COLLECTION = 'unmatched_scans';

/** A scan intake could not tie to an application (or rejected as a file), for the admins' inbox (issue #6). */
export interface UnmatchedScan {
  scanId: string;
  kind: 'unmatched' | 'rejected';
  voivodeship: string;
  channel: string;
  sender: string;
  subject: string;
  receivedAt: string;
  reason: string;
  /**
   * `open` until an admin acts: `assigned` (the assignment is on its way to intake), then `matched` when intake
   * confirms it; or `dismissed` (set aside as not related to any application). Stored values: do not rename.
   */
  status: UnmatchedStatus;
  applicationId: string | null;
}

export const UNMATCHED_STATUS = { open: 'open', assigned: 'assigned', matched: 'matched', dismissed: 'dismissed' } as const;
export type UnmatchedStatus = (typeof UNMATCHED_STATUS)[keyof typeof UNMATCHED_STATUS];

export interface UnmatchedQuery {
  voivodeship: string | null;
  status: UnmatchedStatus;
  /** Keyset: scan ids are UUIDv7, so their order is the order of arrival. */
  after: string | null;
  limit: number;
}

type Doc = Omit<UnmatchedScan, 'scanId'> & { _id: string };

export function createUnmatchedScanRepository(conn: Connection) {
  const coll = () => conn.collection<Doc>(UNMATCHED_SCANS_COLLECTION);
  const plain = ({ _id, ...rest }: Doc): UnmatchedScan => ({ scanId: _id, ...rest });
  return {
    /** Insert-only: a replay, or the event arriving after the scan was matched, changes nothing. */
    async record(scan: Omit<UnmatchedScan, 'status' | 'applicationId'>): Promise<void> {
      const { scanId, ...rest } = scan;
      await coll().updateOne(
        { _id: scanId },
        { $setOnInsert: { ...rest, status: UNMATCHED_STATUS.open, applicationId: null } },
        { upsert: true },
      );
    },
    /** The scan was matched later (by an admin): out of the inbox. Recorded even before its `unmatched` arrives. */
    async matched(scanId: string, applicationId: string, voivodeship: string): Promise<void> {
      await coll().updateOne(
        { _id: scanId },
        {
          $set: { status: UNMATCHED_STATUS.matched, applicationId },
          $setOnInsert: { kind: 'unmatched', voivodeship, channel: '', sender: '', subject: '', receivedAt: '', reason: '' },
        },
        { upsert: true },
      );
    },
    /**
     * Intake matched a scan it had reported unmatched (its application became known after it): the inbox entry,
     * if there is one, is done. No entry is made for the usual scan matched at once.
     */
    async matchedLater(scanId: string, applicationId: string): Promise<void> {
      await coll().updateOne({ _id: scanId }, { $set: { status: UNMATCHED_STATUS.matched, applicationId } });
    },
    /** An admin acted (assigned or set aside); a later `matched` from intake still wins over `assigned`. */
    async setStatus(
      scanId: string,
      status: typeof UNMATCHED_STATUS.assigned | typeof UNMATCHED_STATUS.dismissed,
      applicationId: string | null,
    ) {
      await coll().updateOne({ _id: scanId, status: { $ne: UNMATCHED_STATUS.matched } }, { $set: { status, applicationId } });
    },
    async get(scanId: string): Promise<UnmatchedScan | null> {
      const doc = await coll().findOne({ _id: scanId });
      return doc ? plain(doc) : null;
    },
    /** The inbox: oldest first, scoped to a voivodeship (or all for the central admin). */
    async list(q: UnmatchedQuery): Promise<{ items: UnmatchedScan[]; next: string | null }> {
      const filter: Record<string, unknown> = { status: q.status, receivedAt: { $ne: '' } };
      if (q.voivodeship) filter.voivodeship = q.voivodeship;
      if (q.after) filter._id = { $gt: q.after };
      const docs = await coll()
        .find(filter as never)
        .sort({ _id: 1 })
        .limit(q.limit + 1)
        .toArray();
      const items = docs.slice(0, q.limit).map(plain);
      return { items, next: docs.length > q.limit ? (items.at(-1)?.scanId ?? null) : null };
    },
    async countByStatus(voivodeship: string | null): Promise<Record<UnmatchedStatus, number>> {
      return countBy(
        coll(),
        { receivedAt: { $ne: '' }, ...(voivodeship ? { voivodeship } : {}) },
        'status',
        Object.values(UNMATCHED_STATUS),
      );
    },
    async all(): Promise<UnmatchedScan[]> {
      return (await coll().find({}).sort({ _id: 1 }).toArray()).map(plain);
    },
    async clear(): Promise<void> {
      await coll().deleteMany({});
    },
  };
}
export type UnmatchedScanRepository = ReturnType<typeof createUnmatchedScanRepository>;
