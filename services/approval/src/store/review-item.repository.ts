import type { Connection } from 'mongoose';
import { REVIEW_STATUS, type ReviewItem, type ReviewStatus } from '../domain/review-item.js';

/** Stored name: do not rename without a migration. */
export const REVIEW_ITEMS_COLLECTION = 'review_items';

type Doc = Omit<ReviewItem, 'applicationId'> & { _id: string; scans?: unknown[]; updatedAt: Date };

export function createReviewItemRepository(conn: Connection) {
  const coll = () => conn.collection<Doc>(REVIEW_ITEMS_COLLECTION);
  return {
    async ensureIndexes() {
      await coll().createIndex({ voivodeship: 1, status: 1, submittedAt: 1 });
      await coll().createIndex({ number: 1 }, { unique: true });
    },
    /** Insert-only: a replayed `submitted` never resets an item that has moved on. */
    async upsertSubmitted(item: ReviewItem): Promise<void> {
      const { applicationId, ...rest } = item;
      await coll().updateOne({ _id: applicationId }, { $setOnInsert: { ...rest, updatedAt: new Date() } }, { upsert: true });
    },
    /** Guarded transition: only from one of `from`. */
    async transition(applicationId: string, from: readonly ReviewStatus[], to: ReviewStatus): Promise<boolean> {
      const res = await coll().updateOne(
        { _id: applicationId, status: { $in: [...from] } },
        { $set: { status: to, updatedAt: new Date() } },
      );
      return res.modifiedCount === 1;
    },
    async get(applicationId: string): Promise<ReviewItem | null> {
      const doc = await coll().findOne({ _id: applicationId });
      if (!doc) return null;
      const { _id, scans: _s, updatedAt: _u, ...rest } = doc;
      return { applicationId: _id, ...rest };
    },
    async countByStatus(voivodeship?: string): Promise<Record<string, number>> {
      const out: Record<string, number> = {};
      for (const s of Object.values(REVIEW_STATUS))
        out[s] = await coll().countDocuments({ status: s, ...(voivodeship ? { voivodeship } : {}) });
      return out;
    },
  };
}
export type ReviewItemRepository = ReturnType<typeof createReviewItemRepository>;
