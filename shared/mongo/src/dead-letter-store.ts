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
      // Upsert on (consumer, sequence): recording the same poison twice (crash before term) keeps one row.
      await coll().updateOne(
        { consumer: entry.consumer, stream: entry.stream, streamSequence: entry.streamSequence },
        { $set: entry },
        { upsert: true },
      );
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
