import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Envelope } from '@cas/contracts';
import { decode, type EventHandler } from './consumer.js';

/**
 * Every stored event of `stream` that `handlers` handle, in stream order, through an ordered (ephemeral)
 * consumer: what a read model is rebuilt from. Messages that are not valid events are counted and skipped (the
 * live consumers dead-lettered them). Resolves with what was applied and skipped.
 */
export async function replayStream(
  nc: NatsConnection,
  stream: string,
  handlers: Record<string, EventHandler>,
): Promise<{ applied: number; skipped: number }> {
  const consumer = await jetstream(nc).consumers.get(stream, { filter_subjects: Object.keys(handlers) });
  const result = { applied: 0, skipped: 0 };
  if ((await consumer.info()).num_pending === 0) return result;
  const messages = await consumer.consume({ max_messages: 256 });
  for await (const m of messages) {
    let event: Envelope | undefined;
    try {
      event = decode(m.string(), m.subject, { handlers });
    } catch {
      result.skipped++;
    }
    if (event) {
      await handlers[m.subject]!(event);
      result.applied++;
    }
    if (m.info.pending === 0) break;
  }
  await messages.close();
  return result;
}
