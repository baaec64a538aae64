import type { Connection } from 'mongoose';
import type { Envelope } from '@cas/contracts';
import { isDuplicateKey, outboxOnInsert, type MongoBackend, type OutboxEntry } from '@cas/mongo';

/** Stored name: do not rename without a migration. */
export const DECISIONS_COLLECTION = 'decisions';

export interface StoredDecision {
  applicationId: string;
  voivodeship: string;
  outcome: 'approved' | 'rejected';
  decidedBy: string;
  decidedByLogin: string;
  decidedAt: Date;
  reasonCode: string | null;
  reasonText: string | null;
  ip: string | null;
}

type Doc = Omit<StoredDecision, 'applicationId'> & { _id: string };

/**
 * One decision per application, ever: the decision is a unique insert keyed by the application id, carrying its
 * event in the same document (embedded outbox). Two admins deciding at once → one insert wins, the other gets
 * `false` (a conflict) — on FerretDB too, where conditional updates are not atomic (docs/adr/0004). The
 * collection is also the append-only record of decisions (who, when, what, from where).
 */
export function createDecisionRepository(
  conn: Connection,
  backend: MongoBackend,
  notifyRelay: (id: string, entries: OutboxEntry[]) => void,
) {
  const coll = () => conn.collection<Doc>(DECISIONS_COLLECTION);
  return {
    async ensureIndexes(): Promise<void> {
      if (backend === 'mongodb') await coll().createIndex({ outboxPending: 1 });
    },
    /** True when this decision was recorded; false when the application already had one. */
    async record(decision: StoredDecision, event: Envelope): Promise<boolean> {
      const { applicationId, ...rest } = decision;
      const outbox = outboxOnInsert([event]);
      try {
        await coll().insertOne({ _id: applicationId, ...rest, ...outbox });
      } catch (e) {
        if (isDuplicateKey(e)) return false;
        throw e;
      }
      notifyRelay(applicationId, outbox.outbox);
      return true;
    },
    async get(applicationId: string): Promise<StoredDecision | null> {
      const doc = await coll().findOne({ _id: applicationId }, { projection: { outbox: 0, outboxPending: 0, outboxSince: 0 } });
      if (!doc) return null;
      const { _id, ...rest } = doc;
      return { applicationId: _id, ...rest };
    },
  };
}
export type DecisionRepository = ReturnType<typeof createDecisionRepository>;
