import type { Envelope } from '@cas/contracts';
import type { Metrics } from '@cas/http';
import type { Inbox } from '@cas/mongo';
import { consumerLag, runConsumer, type EventHandler, type RunningConsumer } from '@cas/nats';
import type { Platform } from './platform.js';

/** Wraps every handler so an event id is applied at most once per consumer (the inbox, DESIGN §6). */
export function idempotentHandlers(inbox: Inbox, durable: string, handlers: Record<string, EventHandler>): Record<string, EventHandler> {
  return Object.fromEntries(
    Object.entries(handlers).map(([subject, handler]) => [
      subject,
      async (event: Envelope) => {
        await inbox.once(durable, event.id, () => handler(event));
      },
    ]),
  );
}

/**
 * Starts the service's durable consumers with inbox de-duplication, registers their shutdown, and exposes
 * their lag on `/metrics`.
 */
export async function startConsumers(
  platform: Platform,
  metrics: Metrics,
  specs: {
    stream: string;
    durable: string;
    handlers: Record<string, EventHandler>;
    /** See ConsumerSpec.concurrency (default 1, in order). */
    concurrency?: number;
    /**
     * `false` skips the inbox: only for handlers idempotent on their own (notification's: the ledger key and the
     * job id are derived from the event id), where the inbox would cost two database round trips per event.
     */
    inbox?: boolean;
  }[],
): Promise<RunningConsumer[]> {
  const running: RunningConsumer[] = [];
  for (const spec of specs) {
    const consumer = await runConsumer(
      { nc: platform.nc, logger: platform.logger, deadLetters: platform.deadLetters },
      {
        stream: spec.stream,
        durable: spec.durable,
        handlers: spec.inbox === false ? spec.handlers : idempotentHandlers(platform.inbox, spec.durable, spec.handlers),
        ...(spec.concurrency ? { concurrency: spec.concurrency } : {}),
      },
    );
    platform.lifecycle.onShutdown(`consumer ${spec.durable}`, () => consumer.stop());
    running.push(consumer);
  }
  metrics.gauge('cas_consumer_pending', 'JetStream messages not yet acknowledged', ['consumer'], async (set) => {
    for (const c of running) {
      const lag = await consumerLag(platform.nc, c.stream, c.durable);
      set({ consumer: c.durable }, lag.pending + lag.ackPending);
    }
  });
  return running;
}
