import { createKeyedLock, isDuplicateKey, type KeyedLock } from '@cas/mongo';
import type { Models } from './models.js';

/**
 * Per-voivodeship, per-year sequence for application numbers. Two first-ever upserts racing may collide on
 * `_id`; the loser simply retries.
 */
export function createCounterRepository(models: Models, lock: KeyedLock = createKeyedLock(), blockSize = 10) {
  const blocks = new Map<string, { next: number; end: number }>();

  async function increment(key: string, by: number): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      try {
        const doc = await models.Counter.findOneAndUpdate(
          { _id: key },
          { $inc: { seq: by } },
          { upsert: true, returnDocument: 'after' },
        ).lean();
        return doc?.seq ?? by;
      } catch (e) {
        if (!isDuplicateKey(e) || attempt >= 3) throw e;
      }
    }
  }

  return {
    /**
     * Numbers come from blocks of `blockSize` reserved with one `$inc`, handed out one by one inside the process
     * (serialised per counter): one database round trip per block instead of one per application, and on
     * FerretDB no concurrent `$inc`s that lose updates (docs/adr/0004). A restart skips the rest of its block,
     * so numbers can have gaps; they never repeat (the unique index on `applications.number` guarantees it).
     */
    next(voivodeship: string, year: number): Promise<number> {
      const key = `application-${voivodeship}-${year}`;
      return lock.run(`counters/${key}`, async () => {
        let block = blocks.get(key);
        if (!block || block.next > block.end) {
          const end = await increment(key, blockSize);
          block = { next: end - blockSize + 1, end };
          blocks.set(key, block);
        }
        return block.next++;
      });
    },
  };
}
export type CounterRepository = ReturnType<typeof createCounterRepository>;
