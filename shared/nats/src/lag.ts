import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';

/** Messages not yet delivered + delivered but unacked, for the `/metrics` consumer-lag gauge. */
export async function consumerLag(nc: NatsConnection, stream: string, durable: string): Promise<{ pending: number; ackPending: number }> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.consumers.info(stream, durable);
  return { pending: info.num_pending, ackPending: info.num_ack_pending };
}
