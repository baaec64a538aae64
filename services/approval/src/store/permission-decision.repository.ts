import type { Connection } from 'mongoose';
import type { Envelope } from '@cas/contracts';
import { isDuplicateKey, outboxOnInsert, type MongoBackend, type OutboxEntry } from '@cas/mongo';

/** Stored name: do not rename without a migration. */
export const PERMISSION_DECISIONS_COLLECTION = 'permission_decisions';

/** The audit record of a decision on a permission request: who, when, what, from where. */
export interface StoredPermissionDecision {
  requestId: string;
  voivodeship: string;
  userId: string;
  outcome: 'approved' | 'rejected';
  decidedBy: string;
  decidedByLogin: string;
  decidedAt: Date;
  reason: string | null;
  ip: string | null;
}

type Doc = Omit<StoredPermissionDecision, 'requestId'> & { _id: string };

/**
 * One decision per permission request, ever, as decision.repository.ts does for applications: a unique insert
 * keyed by the request id carrying its event (embedded outbox). Two admins at once → one insert wins, the other
 * gets `false` — on FerretDB too, where conditional updates are not atomic (docs/adr/0004).
 */
export function createPermissionDecisionRepository(
  conn: Connection,
  backend: MongoBackend,
  notifyRelay: (id: string, entries: OutboxEntry[]) => void,
) {
  const coll = () => conn.collection<Doc>(PERMISSION_DECISIONS_COLLECTION);
  return {
    async ensureIndexes(): Promise<void> {
      if (backend === 'mongodb') await coll().createIndex({ outboxPending: 1 });
    },
    /** True when this decision was recorded; false when the request already had one. */
    async record(decision: StoredPermissionDecision, event: Envelope): Promise<boolean> {
      const { requestId, ...rest } = decision;
      const outbox = outboxOnInsert([event]);
      try {
        await coll().insertOne({ _id: requestId, ...rest, ...outbox });
      } catch (e) {
        if (isDuplicateKey(e)) return false;
        throw e;
      }
      notifyRelay(requestId, outbox.outbox);
      return true;
    },
    async get(requestId: string): Promise<StoredPermissionDecision | null> {
      const doc = await coll().findOne({ _id: requestId }, { projection: { outbox: 0, outboxPending: 0, outboxSince: 0 } });
      if (!doc) return null;
      const { _id, ...rest } = doc;
      return { requestId: _id, ...rest };
    },
  };
}
export type PermissionDecisionRepository = ReturnType<typeof createPermissionDecisionRepository>;
