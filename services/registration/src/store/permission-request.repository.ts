import { createKeyedLock, isDuplicateKey, outboxOnInsert, type KeyedLock, type OutboxEntry } from '@cas/mongo';
import type { Envelope } from '@cas/contracts';
import type { PermissionRequest, RequestStatus } from '../domain/permission-request.js';
import type { Models } from './models.js';

const toRequest = (doc: Record<string, unknown>): PermissionRequest => {
  const { _id, outbox: _o, outboxPending: _p, outboxLockedUntil: _l, outboxSince: _s, ...rest } = doc;
  return { id: String(_id), ...(rest as Omit<PermissionRequest, 'id'>) };
};

export function createPermissionRequestRepository(
  models: Models,
  lock: KeyedLock = createKeyedLock(),
  onOutbox: (id: string, entries?: OutboxEntry[]) => void = () => undefined,
) {
  const coll = () => models.PermissionRequest.collection;
  return {
    /** With its event in the same write; `duplicate` when the id (from an Idempotency-Key) exists. */
    async insert(request: PermissionRequest, events: Envelope[]): Promise<'created' | 'duplicate'> {
      const { id, ...rest } = request;
      const outbox = outboxOnInsert(events);
      try {
        await coll().insertOne({ _id: id as never, ...rest, ...outbox });
      } catch (e) {
        if (isDuplicateKey(e)) return 'duplicate';
        throw e;
      }
      if (outbox.outbox.length) onOutbox(id, outbox.outbox);
      return 'created';
    },

    async findById(id: string): Promise<PermissionRequest | null> {
      const doc = await models.PermissionRequest.findById(id).lean();
      return doc ? toRequest(doc) : null;
    },

    async listForUser(userId: string): Promise<PermissionRequest[]> {
      const docs = await models.PermissionRequest.find({ userId }).sort({ submittedAt: -1 }).limit(100).lean();
      return docs.map(toRequest);
    },

    /** pending → approved/rejected, once. */
    async decide(id: string, to: RequestStatus, at: Date, reason: string | null): Promise<boolean> {
      const res = await lock.run(`${coll().collectionName}/${id}`, () =>
        coll().updateOne({ _id: id as never, status: 'pending' }, { $set: { status: to, decidedAt: at, decisionReason: reason } }),
      );
      return res.modifiedCount === 1;
    },
  };
}
export type PermissionRequestRepository = ReturnType<typeof createPermissionRequestRepository>;
