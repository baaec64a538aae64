import type { Connection } from 'mongoose';
import { countBy, type KeyedLock, type MongoBackend } from '@cas/mongo';
import {
  emptyPermissionReview,
  emptyUserGrants,
  PERMISSION_STATUS,
  type PermissionReview,
  type PermissionStatus,
  type UserGrants,
} from '../domain/permission-review.js';

/** Stored name: do not rename without a migration. */
export const PERMISSION_REVIEWS_COLLECTION = 'permission_reviews';
/** Stored name: do not rename without a migration. */
export const USER_GRANTS_COLLECTION = 'user_grants';

type ReviewDoc = Omit<PermissionReview, 'requestId'> & { _id: string; updatedAt: Date };
type GrantsDoc = Omit<UserGrants, 'userId'> & { _id: string; updatedAt: Date };

export interface PermissionReviewQuery {
  voivodeship: string | null;
  status: PermissionStatus | null;
  after: { submittedAt: Date; id: string } | null;
  limit: number;
}

const plainReview = ({ _id, updatedAt: _u, ...rest }: ReviewDoc): PermissionReview => ({
  ...emptyPermissionReview(_id),
  ...rest,
  requestId: _id,
});
const plainGrants = ({ _id, updatedAt: _u, ...rest }: GrantsDoc): UserGrants => ({ ...emptyUserGrants(_id), ...rest, userId: _id });

/**
 * Read → pure projection → write under the per-document lock, as review-item.repository.ts: FerretDB 1.x
 * updates are read-then-write (docs/adr/0004). Writes only when the projection changed something.
 */
function lockedUpdate<T, D extends { _id: string }>(
  conn: Connection,
  lock: KeyedLock,
  collection: string,
  io: { empty: (id: string) => T; plain: (doc: D) => T; doc: (value: T) => Omit<D, '_id' | 'updatedAt'> },
) {
  return (id: string, change: (value: T) => T): Promise<T> =>
    lock.run(`${collection}/${id}`, async () => {
      const coll = conn.collection<{ _id: string }>(collection);
      const found = (await coll.findOne({ _id: id })) as D | null;
      const before = found ? io.plain(found) : io.empty(id);
      const after = change(before);
      if (after !== before) await coll.replaceOne({ _id: id }, { ...io.doc(after), updatedAt: new Date() }, { upsert: true });
      return after;
    });
}

/** The permission-review queue (issue #6 step 5). */
export function createPermissionReviewRepository(conn: Connection, backend: MongoBackend, lock: KeyedLock) {
  const coll = () => conn.collection<ReviewDoc>(PERMISSION_REVIEWS_COLLECTION);
  // Only reviews whose submission is known are shown (a decision replayed first creates a bare one).
  const known = { voivodeship: { $ne: null } };
  return {
    async ensureIndexes(): Promise<void> {
      if (backend === 'mongodb') await coll().createIndex({ voivodeship: 1, status: 1, submittedAt: 1 });
    },

    update: lockedUpdate<PermissionReview, ReviewDoc>(conn, lock, PERMISSION_REVIEWS_COLLECTION, {
      empty: emptyPermissionReview,
      plain: plainReview,
      doc: ({ requestId: _id, ...rest }) => rest,
    }),

    async get(requestId: string): Promise<PermissionReview | null> {
      const doc = await coll().findOne({ _id: requestId });
      return doc ? plainReview(doc) : null;
    },

    /** Oldest submission first, scoped to a voivodeship (or all); keyset pagination after `(submittedAt, id)`. */
    async list(q: PermissionReviewQuery): Promise<{ items: PermissionReview[]; next: { submittedAt: Date; id: string } | null }> {
      const filter: Record<string, unknown> = { ...known };
      if (q.voivodeship) filter.voivodeship = q.voivodeship;
      if (q.status) filter.status = q.status;
      if (q.after)
        filter.$or = [{ submittedAt: { $gt: q.after.submittedAt } }, { submittedAt: q.after.submittedAt, _id: { $gt: q.after.id } }];
      const docs = await coll()
        .find(filter as never)
        .sort({ submittedAt: 1, _id: 1 })
        .limit(q.limit + 1)
        .toArray();
      const items = docs.slice(0, q.limit).map(plainReview);
      const last = items.at(-1);
      return { items, next: docs.length > q.limit && last?.submittedAt ? { submittedAt: last.submittedAt, id: last.requestId } : null };
    },

    async countByStatus(voivodeship: string | null): Promise<Record<PermissionStatus, number>> {
      return countBy(coll(), { ...known, ...(voivodeship ? { voivodeship } : {}) }, 'status', Object.values(PERMISSION_STATUS));
    },

    async all(): Promise<PermissionReview[]> {
      return (await coll().find({}).sort({ _id: 1 }).toArray()).map(plainReview);
    },

    async clear(): Promise<void> {
      await coll().deleteMany({});
    },
  };
}
export type PermissionReviewRepository = ReturnType<typeof createPermissionReviewRepository>;

/** What each user holds now (see UserGrants), to show next to their requests. */
export function createUserGrantsRepository(conn: Connection, lock: KeyedLock) {
  const coll = () => conn.collection<GrantsDoc>(USER_GRANTS_COLLECTION);
  return {
    update: lockedUpdate<UserGrants, GrantsDoc>(conn, lock, USER_GRANTS_COLLECTION, {
      empty: emptyUserGrants,
      plain: plainGrants,
      doc: ({ userId: _id, ...rest }) => rest,
    }),

    /** The users' grants by user id (users approval has not heard of are missing). */
    async getMany(userIds: string[]): Promise<Map<string, UserGrants>> {
      const ids = [...new Set(userIds)];
      const docs =
        ids.length === 0
          ? []
          : await coll()
              .find({ _id: { $in: ids } })
              .toArray();
      return new Map(docs.map((d) => [d._id, plainGrants(d)]));
    },

    async all(): Promise<UserGrants[]> {
      return (await coll().find({}).sort({ _id: 1 }).toArray()).map(plainGrants);
    },

    async clear(): Promise<void> {
      await coll().deleteMany({});
    },
  };
}
export type UserGrantsRepository = ReturnType<typeof createUserGrantsRepository>;
