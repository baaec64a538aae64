import type { Connection } from 'mongoose';
import { countBy, type KeyedLock } from '@cas/mongo';
import { emptyReviewItem, REVIEW_STATUS, type ReviewItem } from '../domain/review-item.js';
import { toQueueEntry, type QueueEntry } from './review-index.js';

/** Stored name: do not rename without a migration. */
export const REVIEW_ITEMS_COLLECTION = 'review_items';

type Doc = Omit<ReviewItem, 'applicationId'> & { _id: string; updatedAt: Date };

/** The fields the queue index needs (review-index.ts): the load at start reads about a fifth of each document. */
const QUEUE_PROJECTION = {
  number: 1,
  voivodeship: 1,
  status: 1,
  kind: 1,
  'unit.name': 1,
  'unit.regon': 1,
  'unit.type': 1,
  'user.firstName': 1,
  'user.lastName': 1,
  'user.login': 1,
  'grants.area': 1,
  'scans.scanId': 1,
  submittedAt: 1,
} as const;

const plain = ({ _id, updatedAt: _u, ...rest }: Doc): ReviewItem => ({ ...emptyReviewItem(_id), ...rest, applicationId: _id });

/**
 * Review items. Every change is read → pure projection (domain/review-item.ts) → write, under the service's
 * per-document lock: FerretDB 1.x updates are read-then-write (docs/adr/0004), so two consumers changing one item
 * at once must not interleave in this process.
 */
export function createReviewItemRepository(
  conn: Connection,
  lock: KeyedLock,
  /** Called under the item's lock after each write, with the item as written (the queue index follows it). */
  onChange: (item: ReviewItem) => void = () => undefined,
) {
  const coll = () => conn.collection<Doc>(REVIEW_ITEMS_COLLECTION);
  return {
    /** Applies `change` to the item (created empty when unknown); writes only when something changed. */
    async update(applicationId: string, change: (item: ReviewItem) => ReviewItem): Promise<ReviewItem> {
      return lock.run(`${REVIEW_ITEMS_COLLECTION}/${applicationId}`, async () => {
        const doc = await coll().findOne({ _id: applicationId });
        const before = doc ? plain(doc) : emptyReviewItem(applicationId);
        const after = change(before);
        if (after !== before) {
          const { applicationId: _id, ...rest } = after;
          await coll().replaceOne({ _id: applicationId }, { ...rest, updatedAt: new Date() }, { upsert: true });
          onChange(after);
        }
        return after;
      });
    },

    async get(applicationId: string): Promise<ReviewItem | null> {
      const doc = await coll().findOne({ _id: applicationId });
      return doc ? plain(doc) : null;
    },

    /**
     * Reads the item under the same lock as `update`, for a replica that heard another one changed it: the
     * read and what `apply` does with it cannot interleave with this replica's own change of the item.
     */
    async refresh(applicationId: string, apply: (item: ReviewItem | null) => void): Promise<void> {
      await lock.run(`${REVIEW_ITEMS_COLLECTION}/${applicationId}`, async () => {
        const doc = await coll().findOne({ _id: applicationId });
        apply(doc ? plain(doc) : null);
      });
    },

    /** Every listed item as the queue index holds it, read in batches (the index's load at start). */
    async *queueEntries(): AsyncGenerator<QueueEntry> {
      const cursor = coll()
        .find({ number: { $ne: null } } as never, { projection: QUEUE_PROJECTION })
        .batchSize(2_000);
      for await (const doc of cursor) {
        const entry = toQueueEntry(plain(doc));
        if (entry) yield entry;
      }
    },

    async all(): Promise<ReviewItem[]> {
      return (await coll().find({}).sort({ _id: 1 }).toArray()).map(plain);
    },

    /** Counts read from the database (one pass over the collection): for the rebuild command, not for pages. */
    async countByStatus(voivodeship?: string | null): Promise<Record<string, number>> {
      return countBy(coll(), { number: { $ne: null }, ...(voivodeship ? { voivodeship } : {}) }, 'status', Object.values(REVIEW_STATUS));
    },

    async clear(): Promise<void> {
      await coll().deleteMany({});
    },
  };
}
export type ReviewItemRepository = ReturnType<typeof createReviewItemRepository>;
