import type { Connection } from 'mongoose';
import { isDuplicateKey } from '@cas/mongo';
import { DELIVERY_STATUS, type Delivery } from '../domain/delivery.js';

/** Stored name: do not rename without a migration. */
export const DELIVERIES_COLLECTION = 'deliveries';

type DeliveryDoc = Omit<Delivery, 'id'> & { _id: string };

const toDelivery = ({ _id, ...rest }: DeliveryDoc): Delivery => ({ id: _id, ...rest });

/** The deliveries ledger (DESIGN §6): claim → send → sent/failed, unique on event+template+recipient. */
export function createDeliveryRepository(conn: Connection) {
  const coll = () => conn.collection<DeliveryDoc>(DELIVERIES_COLLECTION);
  return {
    async ensureIndexes(): Promise<void> {
      await coll().createIndex({ status: 1, createdAt: 1 });
    },
    /** Creates the claim; a second claim of the same key keeps the first (returns false). */
    async claim(d: Delivery): Promise<boolean> {
      const { id, ...rest } = d;
      try {
        await coll().insertOne({ _id: id, ...rest });
        return true;
      } catch (e) {
        if (isDuplicateKey(e)) return false;
        throw e;
      }
    },
    async get(id: string): Promise<Delivery | null> {
      const doc = await coll().findOne({ _id: id });
      return doc ? toDelivery(doc) : null;
    },
    async markSent(id: string, smtpResponse: string): Promise<void> {
      await coll().updateOne(
        { _id: id },
        // The JWE has served its purpose once the e-mail is out; keeping it would only widen a key leak.
        { $set: { status: DELIVERY_STATUS.sent, smtpResponse, sentAt: new Date() }, $unset: { secret: '' }, $inc: { attempts: 1 } },
      );
    },
    async recordFailure(id: string, error: string, final: boolean): Promise<void> {
      await coll().updateOne(
        { _id: id, status: { $ne: DELIVERY_STATUS.sent } },
        { $set: { lastError: error.slice(0, 1_000), ...(final ? { status: DELIVERY_STATUS.failed } : {}) }, $inc: { attempts: 1 } },
      );
    },
    async countByStatus(): Promise<Record<string, number>> {
      const out: Record<string, number> = {};
      for (const s of Object.values(DELIVERY_STATUS)) out[s] = await coll().countDocuments({ status: s });
      return out;
    },
  };
}
export type DeliveryRepository = ReturnType<typeof createDeliveryRepository>;
