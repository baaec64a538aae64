import { trusted } from 'mongoose';
import { isDuplicateKey } from '@cas/mongo';
import type { Models } from './models.js';

/**
 * Login reservations: a unique insert keyed by the lower-cased login makes "unique across CAS,
 * case-insensitively" hold under concurrency on MongoDB and FerretDB alike (docs/adr/0004).
 */
export function createLoginRepository(models: Models) {
  return {
    async reserve(
      loginLower: string,
      owner: { userId: string; applicationId: string; unitId: string; idempotencyKey: string },
    ): Promise<'reserved' | { takenBy: string | null; owner: { userId?: string; applicationId?: string; unitId?: string } }> {
      try {
        await models.Login.collection.insertOne({ _id: loginLower as never, ...owner, createdAt: new Date() });
        return 'reserved';
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        const holder = await models.Login.findById(loginLower).lean();
        return {
          takenBy: holder?.idempotencyKey ?? null,
          owner: { userId: holder?.userId, applicationId: holder?.applicationId ?? undefined, unitId: holder?.unitId },
        };
      }
    },
    /** Reservations older than `before`, for the orphan sweep. */
    async olderThan(before: Date, limit = 500): Promise<{ loginLower: string; applicationId: string | null }[]> {
      const docs = await models.Login.find({ createdAt: trusted({ $lt: before }) })
        .limit(limit)
        .lean();
      return docs.map((d) => ({ loginLower: d._id, applicationId: d.applicationId }));
    },
    /** A login for an account an admin creates (no application behind it); `false` when it is taken. */
    async reserveForAccount(loginLower: string, userId: string): Promise<boolean> {
      try {
        await models.Login.collection.insertOne({
          _id: loginLower as never,
          userId,
          applicationId: null,
          idempotencyKey: userId,
          createdAt: new Date(),
        });
        return true;
      } catch (e) {
        if (isDuplicateKey(e)) return false;
        throw e;
      }
    },
    async release(loginLower: string, applicationId: string): Promise<void> {
      await models.Login.deleteOne({ _id: loginLower, applicationId });
    },
  };
}
export type LoginRepository = ReturnType<typeof createLoginRepository>;
