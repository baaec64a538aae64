import type { Connection } from 'mongoose';
import type { AuditKind } from '../domain/audit.js';

/** Stored names: do not rename without a migration. */
export const ACCOUNT_EVENTS_COLLECTION = 'account_events';
export const USER_VOIVODESHIPS_COLLECTION = 'user_voivodeships';

/** Registration's account event as the audit shows it. */
export interface AccountEvent {
  eventId: string;
  kind: AuditKind;
  at: Date;
  userId: string;
  login: string;
  voivodeship: string | null;
  details: string;
}

type EventDoc = Omit<AccountEvent, 'eventId'> & { _id: string };

/**
 * Registration's account events for the audit, keyed by event id (a replay changes nothing), and which
 * voivodeship each user belongs to — learnt from the activation (its application's voivodeship), because a
 * block or a grant names only the user.
 */
export function createAccountEventRepository(conn: Connection) {
  const events = () => conn.collection<EventDoc>(ACCOUNT_EVENTS_COLLECTION);
  const users = () => conn.collection<{ _id: string; voivodeship: string }>(USER_VOIVODESHIPS_COLLECTION);
  return {
    async record(e: AccountEvent): Promise<void> {
      const { eventId, ...rest } = e;
      await events().updateOne({ _id: eventId }, { $setOnInsert: rest }, { upsert: true });
    },
    async rememberVoivodeship(userId: string, voivodeship: string): Promise<void> {
      await users().updateOne({ _id: userId }, { $set: { voivodeship } }, { upsert: true });
    },
    async voivodeshipOf(userId: string): Promise<string | null> {
      return (await users().findOne({ _id: userId }))?.voivodeship ?? null;
    },
    async between(from: Date, to: Date, voivodeship: string | null, limit: number): Promise<AccountEvent[]> {
      const filter: Record<string, unknown> = { at: { $gte: from, $lt: to } };
      if (voivodeship) filter.voivodeship = voivodeship;
      const docs = await events()
        .find(filter as never)
        .sort({ at: -1 })
        .limit(limit)
        .toArray();
      return docs.map(({ _id, ...rest }) => ({ eventId: _id, ...rest }));
    },
    async clear(): Promise<void> {
      await events().deleteMany({});
      await users().deleteMany({});
    },
  };
}
export type AccountEventRepository = ReturnType<typeof createAccountEventRepository>;
