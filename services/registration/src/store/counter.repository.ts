import { createKeyedLock, isDuplicateKey, type KeyedLock } from '@cas/mongo';
import type { Models } from './models.js';

/**
 * Atomic per-voivodeship, per-year sequence for application numbers. `$inc` with upsert is atomic on one
 * document; two first-ever upserts racing may collide on `_id`, and the loser simply retries.
 */
export function createCounterRepository(models: Models, lock: KeyedLock = createKeyedLock()) {
  return {
    /**
     * Serialised per counter inside the process: on FerretDB concurrent `$inc`s lose updates (docs/adr/0004) and
     * hand out the same number again and again; one at a time they do not. Replicas still rely on the unique
     * index on `applications.number` and retry.
     */
    next(voivodeship: string, year: number): Promise<number> {
      const key = `application-${voivodeship}-${year}`;
      return lock.run(`counters/${key}`, () => this.increment(key));
    },

    async increment(key: string): Promise<number> {
      for (let attempt = 0; ; attempt++) {
        try {
          const doc = await models.Counter.findOneAndUpdate(
            { _id: key },
            { $inc: { seq: 1 } },
            { upsert: true, returnDocument: 'after' },
          ).lean();
          return doc?.seq ?? 1;
        } catch (e) {
          if (!isDuplicateKey(e) || attempt >= 3) throw e;
        }
      }
    },
  };
}
export type CounterRepository = ReturnType<typeof createCounterRepository>;
