import type { Connection } from 'mongoose';
import { countBy, createGroupCommit, insertEachOnce, isDuplicateKey, type MongoBackend } from '@cas/mongo';
import { DELIVERY_STATUS, type Delivery } from '../domain/delivery.js';

/** Stored name: do not rename without a migration. */
export const DELIVERIES_COLLECTION = 'deliveries';
/** Stored name: administrators' retries of failed deliveries (one per failure). Do not rename. */
export const DELIVERY_RETRIES_COLLECTION = 'delivery_retries';

type DeliveryDoc = Omit<Delivery, 'id'> & { _id: string };

const toDelivery = ({ _id, ...rest }: DeliveryDoc): Delivery => ({ id: _id, ...rest });

/**
 * The deliveries ledger (DESIGN §6): claim → send → sent/failed, unique on event+template+recipient.
 * `userVoivodeship` scopes a delivery about an account (`voivodeshipOfUser`) once it fails for good.
 */
export function createDeliveryRepository(
  conn: Connection,
  backend: MongoBackend,
  userVoivodeship: (userId: string) => Promise<string | null>,
) {
  const coll = () => conn.collection<DeliveryDoc>(DELIVERIES_COLLECTION);
  const retries = () => conn.collection<{ _id: string; deliveryId: string; by: string; at: Date }>(DELIVERY_RETRIES_COLLECTION);

  // Claims and "sent" marks come from up to EVENT_CONCURRENCY handlers and EMAIL_CONCURRENCY jobs at once: each
  // group goes in one command (FerretDB: one transaction) instead of one per e-mail.
  // A duplicate key (false) is an earlier claim of the same key, which is kept.
  const insertClaims = createGroupCommit((docs: DeliveryDoc[]) => insertEachOnce(coll(), docs));
  const markSentMany = createGroupCommit(async (marks: { id: string; smtpResponse: string; at: Date }[]): Promise<true[]> => {
    await coll().bulkWrite(
      marks.map((m) => ({
        updateOne: {
          filter: { _id: m.id },
          // The JWE has served its purpose once the e-mail is out; keeping it would only widen a key leak.
          update: {
            $set: { status: DELIVERY_STATUS.sent, smtpResponse: m.smtpResponse, sentAt: m.at },
            $unset: { secret: '' },
            $inc: { attempts: 1 },
          },
        },
      })),
      { ordered: false },
    );
    return marks.map(() => true);
  });

  /** A failed e-mail about an account goes to the list of the user's office, as far as notification knows it. */
  async function scopeToUsersOffice(id: string): Promise<void> {
    const d = await coll().findOne({ _id: id }, { projection: { voivodeship: 1, voivodeshipOfUser: 1 } });
    if (d?.voivodeship !== null || !d.voivodeshipOfUser) return;
    const voivodeship = await userVoivodeship(d.voivodeshipOfUser);
    if (voivodeship) await coll().updateOne({ _id: id, voivodeship: null }, { $set: { voivodeship } });
  }

  return {
    async ensureIndexes(): Promise<void> {
      // FerretDB 1.x reads no index but `_id` (docs/adr/0004): there the index would only make every claim and
      // every status change maintain it (SQLite evaluates each indexed expression over the whole document).
      if (backend === 'mongodb') await coll().createIndex({ status: 1, createdAt: 1 });
    },
    /** Creates the claim; a second claim of the same key keeps the first (returns false). */
    async claim(d: Delivery): Promise<boolean> {
      const { id, ...rest } = d;
      return insertClaims({ _id: id, ...rest });
    },
    async get(id: string): Promise<Delivery | null> {
      const doc = await coll().findOne({ _id: id });
      return doc ? toDelivery(doc) : null;
    },
    async markSent(id: string, smtpResponse: string): Promise<void> {
      await markSentMany({ id, smtpResponse, at: new Date() });
    },
    async recordFailure(id: string, error: string, final: boolean): Promise<void> {
      await coll().updateOne(
        { _id: id, status: { $ne: DELIVERY_STATUS.sent } },
        {
          $set: { lastError: error.slice(0, 1_000), ...(final ? { status: DELIVERY_STATUS.failed, failedAt: new Date() } : {}) },
          $inc: { attempts: 1 },
        },
      );
      if (final) await scopeToUsersOffice(id);
    },

    /**
     * Failed deliveries, newest failure first, in a voivodeship (or all for null), after a cursor (failedAt, id).
     * FerretDB reads the whole ledger for this; failed deliveries are few and the admin list is not hot.
     */
    async listFailed(q: { voivodeship: string | null; limit: number; after: { failedAt: Date; id: string } | null }): Promise<{
      items: Delivery[];
      next: { failedAt: Date; id: string } | null;
    }> {
      const filter: Record<string, unknown> = { status: DELIVERY_STATUS.failed };
      if (q.voivodeship) filter.voivodeship = q.voivodeship;
      if (q.after) filter.$or = [{ failedAt: { $lt: q.after.failedAt } }, { failedAt: q.after.failedAt, _id: { $lt: q.after.id } }];
      const docs = await coll()
        .find(filter as never, { projection: { secret: 0 } })
        .sort({ failedAt: -1, _id: -1 })
        .limit(q.limit + 1)
        .toArray();
      const items = docs.slice(0, q.limit).map(toDelivery);
      const last = items.at(-1);
      return { items, next: docs.length > q.limit && last?.failedAt ? { failedAt: last.failedAt, id: last.id } : null };
    },

    /**
     * Failed → claimed again for an administrator's retry; false when it was not failed (sent, or someone else
     * retried). One winner per failure: a unique insert in `delivery_retries` keyed by the delivery and its failure
     * time (FerretDB's conditional update is read-then-write and would let two retries through, ADR 0004); the
     * collection is also the record of who retried what.
     */
    async reopen(id: string, by: string): Promise<boolean> {
      const d = await coll().findOne({ _id: id });
      if (d?.status !== DELIVERY_STATUS.failed) return false;
      const at = new Date();
      try {
        await retries().insertOne({ _id: `${id}@${d.failedAt?.toISOString() ?? 'unknown'}`, deliveryId: id, by, at });
      } catch (e) {
        if (isDuplicateKey(e)) return false;
        throw e;
      }
      await coll().updateOne(
        { _id: id },
        { $set: { status: DELIVERY_STATUS.claimed, retriedAt: at, retriedBy: by }, $unset: { failedAt: '' } },
      );
      return true;
    },

    /** Claimed deliveries older than `before`: the reconciler checks their jobs still exist. */
    async claimedBefore(before: Date, limit: number): Promise<Delivery[]> {
      const docs = await coll()
        .find({ status: DELIVERY_STATUS.claimed, createdAt: { $lt: before } }, { projection: { secret: 0, html: 0, text: 0 } })
        .limit(limit)
        .toArray();
      return docs.map(toDelivery);
    },
    async countByStatus(): Promise<Record<string, number>> {
      return countBy(coll(), {}, 'status', Object.values(DELIVERY_STATUS));
    },
  };
}
export type DeliveryRepository = ReturnType<typeof createDeliveryRepository>;
