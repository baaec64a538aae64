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
}

export function toOutboxEntry(event: Envelope): OutboxEntry {
  return { id: event.id, subject: event.type, envelope: JSON.stringify(event), createdAt: new Date() };
}

/** Fields for a new document that is inserted together with its events. */
export function outboxOnInsert(events: Envelope[]): OutboxFields {
  return { outbox: events.map(toOutboxEntry), outboxPending: events.length > 0 };
}

/** Update operators to merge into an `updateOne`/`findOneAndUpdate` that changes state and emits events. */
export function outboxOnUpdate(events: Envelope[]): { $push: { outbox: { $each: OutboxEntry[] } }; $set: { outboxPending: true } } {
  return { $push: { outbox: { $each: events.map(toOutboxEntry) } }, $set: { outboxPending: true } };
}

/** Index every collection that carries an outbox needs. */
export const OUTBOX_INDEX = { outboxPending: 1 } as const;
