import type { Connection } from 'mongoose';

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
  /** `open` until matched (by an admin's assignment) or set aside. */
  status: 'open' | 'matched';
  applicationId: string | null;
}

type Doc = Omit<UnmatchedScan, 'scanId'> & { _id: string };

export function createUnmatchedScanRepository(conn: Connection) {
  const coll = () => conn.collection<Doc>(UNMATCHED_SCANS_COLLECTION);
  const plain = ({ _id, ...rest }: Doc): UnmatchedScan => ({ scanId: _id, ...rest });
  return {
    /** Insert-only: a replay, or the event arriving after the scan was matched, changes nothing. */
    async record(scan: Omit<UnmatchedScan, 'status' | 'applicationId'>): Promise<void> {
      const { scanId, ...rest } = scan;
      await coll().updateOne({ _id: scanId }, { $setOnInsert: { ...rest, status: 'open', applicationId: null } }, { upsert: true });
    },
    /** The scan was matched later (by an admin): out of the inbox. Recorded even before its `unmatched` arrives. */
    async matched(scanId: string, applicationId: string, voivodeship: string): Promise<void> {
      await coll().updateOne(
        { _id: scanId },
        {
          $set: { status: 'matched', applicationId },
          $setOnInsert: { kind: 'unmatched', voivodeship, channel: '', sender: '', subject: '', receivedAt: '', reason: '' },
        },
        { upsert: true },
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
