import type { Connection } from 'mongoose';
import { isDuplicateKey } from './connect.js';

/**
 * Processed event ids per consumer (DESIGN §6): `_id` = `<consumer>/<eventId>`, unique by construction.
 * Handlers must still guard their state transitions: a crash after the handler's write but before
 * `record()` redelivers the event, and the guard (not the inbox) makes that second run a no-op.
 */
export interface Inbox {
  seen(consumer: string, eventId: string): Promise<boolean>;
  record(consumer: string, eventId: string): Promise<void>;
  /** Runs `fn` unless the event was processed already, then records it. Returns false when skipped. */
  once(consumer: string, eventId: string, fn: () => Promise<void>): Promise<boolean>;
}

export const INBOX_COLLECTION = 'inbox';

export function createInbox(conn: Connection): Inbox {
  const coll = () => conn.collection<{ _id: string; consumer: string; eventId: string; at: Date }>(INBOX_COLLECTION);
  const key = (consumer: string, eventId: string) => `${consumer}/${eventId}`;
  const inbox: Inbox = {
    async seen(consumer, eventId) {
      return (await coll().countDocuments({ _id: key(consumer, eventId) }, { limit: 1 })) > 0;
    },
    async record(consumer, eventId) {
      try {
        await coll().insertOne({ _id: key(consumer, eventId), consumer, eventId, at: new Date() });
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
    },
    async once(consumer, eventId, fn) {
      if (await inbox.seen(consumer, eventId)) return false;
      await fn();
      await inbox.record(consumer, eventId);
      return true;
    },
  };
  return inbox;
}
