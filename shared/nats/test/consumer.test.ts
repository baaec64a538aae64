import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';

import { createEvent, IntakeEvents, type Envelope } from '@cas/contracts';
import { AppError } from '@cas/errors';
import { createLogger } from '@cas/logger';
import { startInfra, waitFor, type Infra } from '@cas/testing';
import { connectNats, createPublisher, ensureStream, runConsumer, type DeadLetterEntry, type NatsConnection } from '../src/index.js';

const logger = createLogger({ service: 'test', level: 'silent' });
const STREAM = { name: 'INTAKE', subjects: ['intake.>'] };
let infra: Infra;
let nc: NatsConnection;

const rejected = (i: number) =>
  createEvent(
    IntakeEvents.scanRejected,
    {
      scanId: `s${i}`,
      channel: 'api',
      sender: 'x',
      subject: 'y',
      receivedAt: new Date().toISOString(),
      voivodeship: '26',
      reason: 'not-a-pdf',
    },
    { source: 'test', correlationId: `c${i}` },
  );

function memorySink() {
  const entries: DeadLetterEntry[] = [];
  return { entries, record: async (e: DeadLetterEntry) => void entries.push(e) };
}

beforeAll(async () => {
  infra = await startInfra({ only: ['nats'] });
  nc = await connectNats({ servers: [infra.natsUrl], name: 'test', logger });
  await ensureStream(nc, STREAM);
});
afterAll(async () => {
  await nc?.drain();
  await infra?.stop();
});

describe('streams and publishing', () => {
  it('ensures a stream idempotently and de-duplicates re-publishes by event id', async () => {
    await ensureStream(nc, STREAM);
    await ensureStream(nc, STREAM, { duplicateWindowMs: 120_000 });
    const jsm = await jetstreamManager(nc);
    const before = (await jsm.streams.info('INTAKE')).state.messages;
    const pub = createPublisher(nc);
    const ev = rejected(0);
    const first = await pub.publish(ev);
    const second = await pub.publish(ev);
    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect((await jsm.streams.info('INTAKE')).state.messages).toBe(before + 1);
  });
});

describe('durable pull consumer', () => {
  it('terminates and records a poison message and keeps consuming', async () => {
    const sink = memorySink();
    const seen: string[] = [];
    const consumer = await runConsumer(
      { nc, logger, deadLetters: sink },
      { stream: 'INTAKE', durable: 'test--poison', handlers: { 'intake.scan.rejected.v1': async (e) => void seen.push(e.id) } },
    );
    const good = rejected(1);
    nc.publish('intake.scan.rejected.v1', 'not json at all');
    nc.publish('intake.scan.rejected.v1', JSON.stringify({ ...rejected(2), data: { scanId: 's2' } }));
    await createPublisher(nc).publish(good);
    await waitFor('good event', async () => seen.includes(good.id), 10_000);
    await waitFor('two dead letters', async () => sink.entries.length >= 2, 10_000);
    expect(sink.entries.map((d) => d.reason).sort()).toEqual(['invalid-data', 'invalid-json']);
    expect(sink.entries.every((d) => d.consumer === 'test--poison' && d.payload.length > 0)).toBe(true);
    const jsm = await jetstreamManager(nc);
    await waitFor(
      'nothing pending',
      async () => {
        const info = await jsm.consumers.info('INTAKE', 'test--poison');
        return info.num_ack_pending === 0 && info.num_pending === 0;
      },
      10_000,
    );
    await consumer.stop();
  });

  it('retries transient failures with backoff and dead-letters handler rejections', async () => {
    const sink = memorySink();
    const attempts = new Map<string, number>();
    const flaky = rejected(10);
    const refused = rejected(11);
    const consumer = await runConsumer(
      { nc, logger, deadLetters: sink },
      {
        stream: 'INTAKE',
        durable: 'test--retry',
        retry: { baseDelayMs: 50, maxDelayMs: 200 },
        handlers: {
          'intake.scan.rejected.v1': async (e: Envelope) => {
            if (e.id !== flaky.id && e.id !== refused.id) return;
            const n = (attempts.get(e.id) ?? 0) + 1;
            attempts.set(e.id, n);
            if (e.id === refused.id) throw new AppError('TEST.REFUSED', 'nie', { status: 422 });
            if (n < 3) throw new Error('database hiccup');
          },
        },
      },
    );
    const pub = createPublisher(nc);
    await pub.publish(flaky);
    await pub.publish(refused);
    await waitFor('flaky succeeded on 3rd attempt', async () => attempts.get(flaky.id) === 3, 10_000);
    await waitFor('refused dead-lettered', async () => sink.entries.some((d) => d.eventId === refused.id), 10_000);
    expect(attempts.get(refused.id)).toBe(1);
    expect(sink.entries.find((d) => d.eventId === refused.id)?.reason).toBe('handler-rejected');
    await consumer.stop();
  });

  it('gives up after maxDeliver, recording the last error', async () => {
    const sink = memorySink();
    const doomed = rejected(20);
    let calls = 0;
    const consumer = await runConsumer(
      { nc, logger, deadLetters: sink },
      {
        stream: 'INTAKE',
        durable: 'test--max-deliver',
        retry: { maxDeliver: 3, baseDelayMs: 20, maxDelayMs: 50 },
        handlers: {
          'intake.scan.rejected.v1': async (e: Envelope) => {
            if (e.id !== doomed.id) return;
            calls++;
            throw new Error('always down');
          },
        },
      },
    );
    await createPublisher(nc).publish(doomed);
    await waitFor('dead-lettered after 3', async () => sink.entries.some((d) => d.eventId === doomed.id), 10_000);
    expect(calls).toBe(3);
    expect(sink.entries.find((d) => d.eventId === doomed.id)).toMatchObject({
      reason: 'max-deliver',
      deliveryCount: 3,
      error: 'always down',
    });
    await consumer.stop();
  });

  it('shares one durable between two replicas: each event handled once, both replicas work', async () => {
    const handledBy = new Map<string, string[]>();
    const make = (replica: string) =>
      runConsumer(
        { nc, logger, deadLetters: memorySink() },
        {
          stream: 'INTAKE',
          durable: 'test--replicas',
          batch: 5,
          handlers: {
            'intake.scan.matched.v1': async (e: Envelope) => {
              handledBy.set(e.id, [...(handledBy.get(e.id) ?? []), replica]);
              await new Promise((r) => setTimeout(r, 2));
            },
          },
        },
      );
    const [a, b] = await Promise.all([make('a'), make('b')]);
    const pub = createPublisher(nc);
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      const ev = createEvent(
        IntakeEvents.scanMatched,
        {
          scanId: `m${i}`,
          applicationId: `a${i}`,
          number: '26/2026/000001',
          matchedBy: 'qr',
          verified: true,
          channel: 'api',
          receivedAt: new Date().toISOString(),
          contentType: 'application/pdf',
          pages: 1,
          sha256: 'a'.repeat(64),
        },
        { source: 'test', correlationId: 'c' },
      );
      ids.push(ev.id);
      await pub.publish(ev);
    }
    await waitFor('all 200 handled', async () => ids.every((id) => handledBy.has(id)), 20_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(ids.filter((id) => (handledBy.get(id) ?? []).length !== 1)).toEqual([]);
    const replicas = new Set([...handledBy.values()].flat());
    expect(replicas).toEqual(new Set(['a', 'b']));
    await Promise.all([a.stop(), b.stop()]);
  });

  it('sets the correlation context from the envelope inside the handler', async () => {
    const { currentCorrelation } = await import('@cas/logger');
    let ctx: unknown;
    const ev = rejected(30);
    const consumer = await runConsumer(
      { nc, logger, deadLetters: memorySink() },
      {
        stream: 'INTAKE',
        durable: 'test--correlation',
        handlers: {
          'intake.scan.rejected.v1': async (e) => {
            if (e.id === ev.id) ctx = currentCorrelation();
          },
        },
      },
    );
    await createPublisher(nc).publish(ev);
    await waitFor('handled', async () => ctx !== undefined, 10_000);
    expect(ctx).toEqual({ correlationId: 'c30', causationId: ev.id });
    await consumer.stop();
  });
});
