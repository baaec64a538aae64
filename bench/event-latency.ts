/**
 * Event latency publish → consume (DESIGN §10): our publisher (awaited PubAck, Nats-Msg-Id) and our durable
 * pull consumer (envelope + schema validation, explicit ack) at a fixed rate, beside the raw NATS
 * request/reply round trip measured in the same run against the same server.
 */
import { createEvent, IntakeEvents } from '@cas/contracts';
import { createLogger } from '@cas/logger';
import { connectNats, createPublisher, ensureStream, runConsumer } from '@cas/nats';
import type { Infra } from '@cas/testing';
import { atRate, summarise } from './stats.js';

export interface LatencyResult {
  rate: number;
  events: ReturnType<typeof summarise>;
  /** Publish → PubAck (the stream stored it), for locating where time goes. */
  pubAck: ReturnType<typeof summarise>;
  requestReply: ReturnType<typeof summarise>;
}

export async function eventLatency(infra: Infra, rate = 1_000, count = 10_000): Promise<LatencyResult> {
  const logger = createLogger({ service: 'bench', level: 'silent' });
  const nc = await connectNats({ servers: [infra.natsUrl], name: 'bench', logger });
  await ensureStream(nc, { name: 'INTAKE', subjects: ['intake.>'] });
  const publisher = createPublisher(nc);
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const acks: number[] = [];
  let done: () => void = () => undefined;
  const finished = new Promise<void>((r) => (done = r));
  const consumer = await runConsumer(
    { nc, logger, deadLetters: { record: async () => undefined } },
    {
      stream: 'INTAKE',
      durable: 'bench--latency',
      batch: Number(process.env.BENCH_BATCH ?? 64),
      handlers: {
        'intake.scan.rejected.v1': async (e) => {
          const t0 = sentAt.get(e.id);
          if (t0 !== undefined) latencies.push(performance.now() - t0);
          if (latencies.length >= count) done();
        },
      },
    },
  );
  const template = {
    channel: 'api' as const,
    sender: 'bench@example.pl',
    subject: 'skan',
    receivedAt: new Date().toISOString(),
    voivodeship: '26',
    reason: 'bench',
  };
  // Warm-up: connections, consumer pull loop, JIT.
  for (let i = 0; i < 200; i++)
    await publisher.publish(
      createEvent(IntakeEvents.scanRejected, { ...template, scanId: `w${i}` }, { source: 'bench', correlationId: 'w' }),
    );
  await new Promise((r) => setTimeout(r, 500));

  const events = Array.from({ length: count }, (_, i) =>
    createEvent(IntakeEvents.scanRejected, { ...template, scanId: `s${i}` }, { source: 'bench', correlationId: `c${i}` }),
  );
  await atRate(rate, count, async (i) => {
    const ev = events[i]!;
    const t0 = performance.now();
    sentAt.set(ev.id, t0);
    await publisher.publish(ev);
    acks.push(performance.now() - t0);
  });
  await Promise.race([finished, new Promise((r) => setTimeout(r, 30_000))]);
  await consumer.stop();

  // Baseline: raw core-NATS request/reply round trip at the same rate.
  const sub = nc.subscribe('bench.echo', { callback: (_err, msg) => void msg.respond(msg.data) });
  const rr: number[] = [];
  const payload = JSON.stringify(events[0]);
  for (let i = 0; i < 200; i++) await nc.request('bench.echo', payload, { timeout: 2_000 });
  await atRate(rate, count, async () => {
    const t0 = performance.now();
    await nc.request('bench.echo', payload, { timeout: 2_000 });
    rr.push(performance.now() - t0);
  });
  sub.unsubscribe();
  await nc.drain();
  return { rate, events: summarise(latencies), pubAck: summarise(acks), requestReply: summarise(rr) };
}
