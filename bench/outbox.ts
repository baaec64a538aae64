import type { Db } from 'mongodb';
import { waitFor } from '@cas/testing';

/** Resolves when no document of the service's database still waits for the outbox relay (embedded outboxes). */
export async function outboxDrained(db: Db, timeoutMs = 60_000): Promise<void> {
  const collections = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
  await waitFor(
    'outbox relayed',
    async () => (await Promise.all(collections.map((c) => db.collection(c).countDocuments({ outboxPending: true })))).every((n) => n === 0),
    timeoutMs,
    250,
  );
}
