/**
 * A poison message (fails its schema, or keeps failing until `max_deliver`) is terminated on the stream and
 * recorded here, so nothing disappears silently. Each service stores these in its own database.
 */
export interface DeadLetterEntry {
  consumer: string;
  stream: string;
  subject: string;
  streamSequence: number;
  deliveryCount: number;
  eventId: string | null;
  reason: 'invalid-json' | 'invalid-envelope' | 'invalid-data' | 'unknown-type' | 'handler-rejected' | 'max-deliver';
  error: string;
  /** The raw payload (truncated), for diagnosis and manual replay. */
  payload: string;
  at: Date;
}

export interface DeadLetterSink {
  record(entry: DeadLetterEntry): Promise<void>;
}

export const MAX_DEAD_LETTER_PAYLOAD = 64 * 1024;
