import type { Connection } from 'mongoose';
import type { DeadLetterEntry, DeadLetterSink } from '@cas/nats';

export const DEAD_LETTER_COLLECTION = 'dead_letters';

export interface DeadLetterStore extends DeadLetterSink {
  list(limit?: number): Promise<DeadLetterEntry[]>;
  count(): Promise<number>;
}

/** Poison messages of this service's consumers, kept in its own database for diagnosis and replay. */
export function createDeadLetterStore(conn: Connection): DeadLetterStore {
  const coll = () => conn.collection<DeadLetterEntry>(DEAD_LETTER_COLLECTION);
  return {
    async record(entry) {
      // Keyed by (consumer, stream, sequence) in `_id`: recording the same poison twice (a crash before the term)
      // keeps one row, the latest, and finding it is an `_id` lookup. A filter on the three fields would read the
      // whole collection on FerretDB (it indexes `_id` only), making a burst of poison messages quadratic.
      await coll().replaceOne({ _id: `${entry.consumer}|${entry.stream}|${entry.streamSequence}` } as never, entry, { upsert: true });
    },
    async list(limit = 100) {
      return coll()
        .find({}, { projection: { _id: 0 } })
        .sort({ at: -1 })
        .limit(limit)
        .toArray();
    },
    count: () => coll().countDocuments({}),
  };
}
