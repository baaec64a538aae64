import { jetstream, type JetStreamClient, type PubAck } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/nats-core';
import { CommonErrors } from '@cas/errors';
import type { Envelope } from '@cas/contracts';

export interface Publisher {
  /** Publishes and awaits the stream's PubAck; `Nats-Msg-Id` = event id so JetStream drops re-publishes. */
  publish(event: Envelope): Promise<PubAck>;
}

export function createPublisher(nc: NatsConnection, opts: { timeoutMs?: number } = {}): Publisher {
  const js: JetStreamClient = jetstream(nc, { timeout: opts.timeoutMs ?? 5_000 });
  return {
    async publish(event) {
      const h = headers();
      h.set('Correlation-Id', event.correlationid);
      h.set('Content-Type', 'application/cloudevents+json');
      try {
        return await js.publish(event.type, JSON.stringify(event), { msgID: event.id, headers: h });
      } catch (e) {
        throw CommonErrors.unavailable('nats', e);
      }
    },
  };
}
