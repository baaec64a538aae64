import type { Envelope } from '@cas/contracts';

/**
 * The embedded outbox (DESIGN §6): an aggregate document carries its not-yet-published events in an
 * `outbox` array, written in the same single-document update as the state change. `outboxPending`
 * marks documents the relay must visit (indexed; cheaper than scanning arrays).
 */
export interface OutboxEntry {
  id: string;
  subject: string;
  /** The serialised CloudEvent, published byte for byte. */
  envelope: string;
  createdAt: Date;
}

export interface OutboxFields {
  outbox: OutboxEntry[];
  outboxPending: boolean;
  /** When the entries were written: other replicas leave fresh documents to their writer (see outbox-relay.ts). */
  outboxSince: Date | null;
}

export function toOutboxEntry(event: Envelope): OutboxEntry {
  return { id: event.id, subject: event.type, envelope: JSON.stringify(event), createdAt: new Date() };
}

/** Fields for a new document that is inserted together with its events. */
export function outboxOnInsert(events: Envelope[]): OutboxFields {
  return { outbox: events.map(toOutboxEntry), outboxPending: events.length > 0, outboxSince: events.length > 0 ? new Date() : null };
}

type UpdateOps = { $set?: Record<string, unknown>; $push?: Record<string, unknown> } & Record<string, unknown>;

/**
 * Adds the events to an update that changes state, merging `$set`/`$push` rather than overwriting them
 * (a plain object spread would silently drop the state change).
 */
export function outboxOnUpdate<U extends UpdateOps>(
  events: Envelope[],
  update: U = {} as U,
): U & { $set: Record<string, unknown>; $push: Record<string, unknown> & { outbox: { $each: OutboxEntry[] } } } {
  if (update.$push && 'outbox' in update.$push) throw new Error('update already pushes to outbox');
  return {
    ...update,
    $set: { ...update.$set, outboxPending: true, outboxSince: new Date() },
    $push: { ...update.$push, outbox: { $each: events.map(toOutboxEntry) } },
  };
}

/** Index every collection that carries an outbox needs. */
export const OUTBOX_INDEX = { outboxPending: 1 } as const;
