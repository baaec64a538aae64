import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';

export interface StoredMessage {
  seq: number;
  subject: string;
  text: string;
}

/** Every message a JetStream stream holds, in order: what tests read to see exactly what was published. */
export async function storedMessages(nc: NatsConnection, stream: string): Promise<StoredMessage[]> {
  const jsm = await jetstreamManager(nc);
  const { state } = await jsm.streams.info(stream);
  const out: StoredMessage[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
    // Gaps (deleted messages) answer "not found"; skip them.
    const m = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
    if (m) out.push({ seq, subject: m.subject, text: m.string() });
  }
  return out;
}
