import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Envelope } from '@cas/contracts';

/**
 * Publishes an event that was published before, as JetStream would deliver it again after the duplicate window
 * (or a producer's retry after it): same envelope and id, a message id the stream has not seen.
 */
export async function publishAgain(nc: NatsConnection, event: Envelope): Promise<void> {
  await jetstream(nc).publish(event.type, JSON.stringify(event), { msgID: `${event.id}-again-${Date.now()}` });
}
