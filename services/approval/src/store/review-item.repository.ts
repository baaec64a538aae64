import type { Connection } from 'mongoose';
import { countBy, type KeyedLock, type MongoBackend } from '@cas/mongo';
import { emptyReviewItem, REVIEW_STATUS, type ReviewItem, type ReviewStatus } from '../domain/review-item.js';

/** Stored name: do not rename without a migration. */
export const REVIEW_ITEMS_COLLECTION = 'review_items';

type Doc = Omit<ReviewItem, 'applicationId'> & { _id: string; updatedAt: Date };

export interface ReviewQuery {
  voivodeship: string | null;
  status: ReviewStatus | null;
  text: string | null;
  after: { submittedAt: Date; id: string } | null;
  limit: number;
}

const plain = ({ _id, updatedAt: _u, ...rest }: Doc): ReviewItem => ({ ...emptyReviewItem(_id), ...rest, applicationId: _id });

/**
 * Review items. Every change is read → pure projection (domain/review-item.ts) → write, under the service's
 * per-document lock: FerretDB 1.x updates are read-then-write (docs/adr/0004), so two consumers changing one item
 * at once must not interleave in this process.
 */
export function createReviewItemRepository(conn: Connection, backend: MongoBackend, lock: KeyedLock) {
  const coll = () => conn.collection<Doc>(REVIEW_ITEMS_COLLECTION);
  return {
    async ensureIndexes(): Promise<void> {
      if (backend === 'mongodb') {
        await coll().createIndex({ voivodeship: 1, status: 1, submittedAt: 1 });
        await coll().createIndex({ number: 1 });
      }
    },

    /** Applies `change` to the item (created empty when unknown); writes only when something changed. */
    async update(applicationId: string, change: (item: ReviewItem) => ReviewItem): Promise<ReviewItem> {
      return lock.run(`${REVIEW_ITEMS_COLLECTION}/${applicationId}`, async () => {
        const doc = await coll().findOne({ _id: applicationId });
        const before = doc ? plain(doc) : emptyReviewItem(applicationId);
        const after = change(before);
        if (after !== before) {
          const { applicationId: _id, ...rest } = after;
          await coll().replaceOne({ _id: applicationId }, { ...rest, updatedAt: new Date() }, { upsert: true });
        }
        return after;
      });
    },

    async get(applicationId: string): Promise<ReviewItem | null> {
      const doc = await coll().findOne({ _id: applicationId });
      return doc ? plain(doc) : null;
    },

    /**
     * The queue: oldest submission first, scoped (a voivodeship, or all for the central admin), optionally by
     * status and a text (number, unit name, REGON or login); keyset pagination after `(submittedAt, id)`.
     */
    async list(q: ReviewQuery): Promise<{ items: ReviewItem[]; next: { submittedAt: Date; id: string } | null }> {
      const filter: Record<string, unknown> = { number: { $ne: null } };
      if (q.voivodeship) filter.voivodeship = q.voivodeship;
      if (q.status) filter.status = q.status;
      if (q.text) {
        const pattern = new RegExp(q.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
        filter.$or = [{ number: q.text }, { 'unit.regon': q.text }, { 'user.login': q.text.toLowerCase() }, { 'unit.name': pattern }];
      }
      if (q.after)
        filter.$and = [
          { $or: [{ submittedAt: { $gt: q.after.submittedAt } }, { submittedAt: q.after.submittedAt, _id: { $gt: q.after.id } }] },
        ];
      const docs = await coll()
        .find(filter as never)
        .sort({ submittedAt: 1, _id: 1 })
        .limit(q.limit + 1)
        .toArray();
      const items = docs.slice(0, q.limit).map(plain);
      const last = items.at(-1);
      return { items, next: docs.length > q.limit && last?.submittedAt ? { submittedAt: last.submittedAt, id: last.applicationId } : null };
    },

    async all(): Promise<ReviewItem[]> {
      return (await coll().find({}).sort({ _id: 1 }).toArray()).map(plain);
    },

    async countByStatus(voivodeship?: string | null): Promise<Record<string, number>> {
      return countBy(coll(), { number: { $ne: null }, ...(voivodeship ? { voivodeship } : {}) }, 'status', Object.values(REVIEW_STATUS));
    },

    async clear(): Promise<void> {
      await coll().deleteMany({});
    },
  };
}
export type ReviewItemRepository = ReturnType<typeof createReviewItemRepository>;
