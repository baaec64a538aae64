import type { Connection } from 'mongoose';
import type { Envelope } from '@cas/contracts';
import { isDuplicateKey, outboxOnInsert, type MongoBackend, type OutboxEntry } from '@cas/mongo';

/** Stored name: do not rename without a migration. */
export const SCAN_ACTIONS_COLLECTION = 'scan_actions';

/** Stored values: do not rename. */
export const SCAN_ACTION = { assigned: 'assigned', dismissed: 'dismissed' } as const;
export type ScanActionKind = (typeof SCAN_ACTION)[keyof typeof SCAN_ACTION];

/** What an admin did with an unmatched scan: assigned it to an application, or set it aside as not related. */
export interface ScanAction {
  scanId: string;
  kind: ScanActionKind;
  voivodeship: string;
  applicationId: string | null;
  applicationNumber: string | null;
  note: string | null;
  actorId: string;
  actorLogin: string;
  at: Date;
  ip: string | null;
}

type Doc = Omit<ScanAction, 'scanId'> & { _id: string };

/**
 * One action per scan, ever: a unique insert keyed by the scan id, carrying `approval.scan.assigned.v1` in the
 * same document (embedded outbox) when it is an assignment. Two admins acting on one scan at once → one insert
 * wins, the other gets `false` (a conflict), on FerretDB too. The collection is also the append-only record of
 * these actions (who, when, what, from where) for the audit.
 */
export function createScanActionRepository(
  conn: Connection,
  backend: MongoBackend,
  notifyRelay: (id: string, entries: OutboxEntry[]) => void,
) {
  const coll = () => conn.collection<Doc>(SCAN_ACTIONS_COLLECTION);
  const plain = ({ _id, ...rest }: Doc & Record<string, unknown>): ScanAction => {
    const { outbox: _o, outboxPending: _p, outboxSince: _s, ...action } = rest;
    return { scanId: _id, ...(action as Omit<ScanAction, 'scanId'>) };
  };
  return {
    async ensureIndexes(): Promise<void> {
      if (backend === 'mongodb') {
        await coll().createIndex({ outboxPending: 1 });
        await coll().createIndex({ voivodeship: 1, at: -1 });
      }
    },
    /** True when recorded; false when the scan already had an action. */
    async record(action: ScanAction, event: Envelope | null): Promise<boolean> {
      const { scanId, ...rest } = action;
      const outbox = outboxOnInsert(event ? [event] : []);
      try {
        await coll().insertOne({ _id: scanId, ...rest, ...outbox });
      } catch (e) {
        if (isDuplicateKey(e)) return false;
        throw e;
      }
      if (event) notifyRelay(scanId, outbox.outbox);
      return true;
    },
    async get(scanId: string): Promise<ScanAction | null> {
      const doc = await coll().findOne({ _id: scanId });
      return doc ? plain(doc) : null;
    },
    /** Actions in a time window, newest first (the audit). */
    async between(from: Date, to: Date, voivodeship: string | null, limit: number): Promise<ScanAction[]> {
      const filter: Record<string, unknown> = { at: { $gte: from, $lt: to } };
      if (voivodeship) filter.voivodeship = voivodeship;
      const docs = await coll()
        .find(filter as never)
        .sort({ at: -1 })
        .limit(limit)
        .toArray();
      return docs.map(plain);
    },
    async dismissed(): Promise<ScanAction[]> {
      return (await coll().find({ kind: SCAN_ACTION.dismissed }).toArray()).map(plain);
    },
  };
}
export type ScanActionRepository = ReturnType<typeof createScanActionRepository>;
