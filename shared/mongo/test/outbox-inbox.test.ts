import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Collection, Document } from 'mongodb';
import { jetstreamManager } from '@nats-io/jetstream';
import { createEvent, IntakeEvents } from '@cas/contracts';
import { createLogger } from '@cas/logger';
import { connectNats, createPublisher, ensureStream, type NatsConnection } from '@cas/nats';
import { startInfra, type Infra } from '@cas/testing';
import {
  connectMongo,
  createDeadLetterStore,
  createInbox,
  createOutboxRelay,
  outboxOnInsert,
  outboxOnUpdate,
  type Connection,
} from '../src/index.js';

const logger = createLogger({ service: 'test', level: 'silent' });
let infra: Infra;
let nc: NatsConnection;
let conn: Connection;

const event = (i: number) =>
  createEvent(
    IntakeEvents.scanRejected,
    { scanId: `s${i}`, channel: 'api', sender: 'x', subject: 'y', receivedAt: new Date().toISOString(), voivodeship: '26', reason: 'bad' },
    { source: 'test', correlationId: 'c' },
  );

async function streamMessages(): Promise<number> {
  const jsm = await jetstreamManager(nc);
  return (await jsm.streams.info('INTAKE')).state.messages;
}

beforeAll(async () => {
  infra = await startInfra({ only: ['mongo', 'nats'] });
  nc = await connectNats({ servers: [infra.natsUrl], name: 'test', logger });
  await ensureStream(nc, { name: 'INTAKE', subjects: ['intake.>'] });
  conn = await connectMongo({ url: infra.mongoUrl, dbName: 'test_outbox', logger });
});
afterAll(async () => {
  await conn?.close();
  await nc?.drain();
  await infra?.stop();
});

describe('outbox relay (FerretDB + JetStream)', () => {
  it('publishes events written with the state change, then removes them', async () => {
    const coll = conn.collection('aggregates') as unknown as Collection<Document>;
    const relay = createOutboxRelay({ collections: [coll], publisher: createPublisher(nc), logger, staleAfterMs: 0 });
    const e1 = event(1);
    const e2 = event(2);
    await coll.insertOne({ _id: 'agg-1' as never, state: 'new', ...outboxOnInsert([e1]) });
    await coll.updateOne({ _id: 'agg-1' as never }, outboxOnUpdate([e2], { $set: { state: 'changed' } }) as never);
    const before = await streamMessages();
    expect(await relay.drainOnce()).toBe(2);
    expect(await streamMessages()).toBe(before + 2);
    const doc = await coll.findOne({ _id: 'agg-1' as never });
    expect(doc?.outbox).toEqual([]);
    expect(doc?.outboxPending).toBe(false);
    expect(doc?.state).toBe('changed');
    expect(await relay.drainOnce()).toBe(0);
  });

  it('re-publishing after a crash between publish and removal is de-duplicated by JetStream', async () => {
    const coll = conn.collection('aggregates2') as unknown as Collection<Document>;
    const e = event(3);
    await coll.insertOne({ _id: 'agg-2' as never, ...outboxOnInsert([e]) });
    // Simulate "published, then crashed before $pull": publish directly, leave the outbox as is.
    await createPublisher(nc).publish(e);
    const before = await streamMessages();
    const relay = createOutboxRelay({ collections: [coll], publisher: createPublisher(nc), logger, staleAfterMs: 0 });
    expect(await relay.drainOnce()).toBe(1);
    expect(await streamMessages()).toBe(before);
    expect((await coll.findOne({ _id: 'agg-2' as never }))?.outbox).toEqual([]);
  });

  it('respects another replica’s lease and takes over once it expires', async () => {
    const coll = conn.collection('aggregates3') as unknown as Collection<Document>;
    await coll.insertOne({ _id: 'agg-3' as never, ...outboxOnInsert([event(4)]), outboxLockedUntil: new Date(Date.now() + 60_000) });
    const relay = createOutboxRelay({ collections: [coll], publisher: createPublisher(nc), logger, staleAfterMs: 0 });
    expect(await relay.drainOnce()).toBe(0);
    await coll.updateOne({ _id: 'agg-3' as never }, { $set: { outboxLockedUntil: new Date(Date.now() - 1) } });
    expect(await relay.drainOnce()).toBe(1);
  });

  it('keeps entries pushed while it was publishing', async () => {
    const coll = conn.collection('aggregates4') as unknown as Collection<Document>;
    await coll.insertOne({ _id: 'agg-4' as never, ...outboxOnInsert([event(5)]) });
    const late = event(6);
    let pushed = false;
    const publisher = createPublisher(nc);
    const relay = createOutboxRelay({
      collections: [coll],
      logger,
      staleAfterMs: 0,
      publisher: {
        async publish(e) {
          if (!pushed) {
            pushed = true;
            const update: Document = outboxOnUpdate([late]);
            await coll.updateOne({ _id: 'agg-4' as never }, update);
          }
          return publisher.publish(e);
        },
      },
    });
    expect(await relay.drainOnce()).toBe(1);
    const doc = await coll.findOne({ _id: 'agg-4' as never });
    expect((doc?.outbox as { id: string }[]).map((o) => o.id)).toEqual([late.id]);
    expect(doc?.outboxPending).toBe(true);
    expect(await relay.drainOnce()).toBe(1);
    expect((await coll.findOne({ _id: 'agg-4' as never }))?.outboxPending).toBe(false);
  });

  it('leaves fresh documents to their writer and picks them up once they are stale (writer crashed)', async () => {
    const coll = conn.collection('aggregates6') as unknown as Collection<Document>;
    await coll.insertOne({ _id: 'agg-6' as never, ...outboxOnInsert([event(8)]) });
    const otherReplica = createOutboxRelay({ collections: [coll], publisher: createPublisher(nc), logger, staleAfterMs: 400 });
    expect(await otherReplica.drainOnce()).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(await otherReplica.drainOnce()).toBe(1);
    expect(await coll.findOne({ _id: 'agg-6' as never })).toMatchObject({ outbox: [], outboxPending: false });
  });

  it('publishes the entries the writer hands over without reading the document back', async () => {
    const coll = conn.collection('aggregates7') as unknown as Collection<Document>;
    const fields = outboxOnInsert([event(9)]);
    await coll.insertOne({ _id: 'agg-7' as never, ...fields });
    let reads = 0;
    const counting = new Proxy(coll, {
      get(target, prop, receiver) {
        if (prop === 'findOne' || prop === 'findOneAndUpdate') reads++;
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    const relay = createOutboxRelay({ collections: [counting], publisher: createPublisher(nc), logger, staleAfterMs: 60_000 });
    relay.notify({ collection: coll.collectionName, id: 'agg-7', entries: fields.outbox });
    expect(await relay.drainOnce()).toBe(1);
    expect(reads).toBe(0);
    expect(await coll.findOne({ _id: 'agg-7' as never })).toMatchObject({ outbox: [], outboxPending: false });
  });

  it('the background loop publishes soon after notify()', async () => {
    const coll = conn.collection('aggregates5') as unknown as Collection<Document>;
    const relay = createOutboxRelay({ collections: [coll], publisher: createPublisher(nc), logger, intervalMs: 60_000 });
    relay.start();
    await new Promise((r) => setTimeout(r, 100));
    await coll.insertOne({ _id: 'agg-5' as never, ...outboxOnInsert([event(7)]) });
    relay.notify({ collection: coll.collectionName, id: 'agg-5' });
    const t = Date.now();
    while (relay.published() < 1 && Date.now() - t < 5_000) await new Promise((r) => setTimeout(r, 20));
    expect(relay.published()).toBe(1);
    await relay.stop();
  });
});

describe('inbox and dead letters', () => {
  it('applies an event id once per consumer', async () => {
    const inbox = createInbox(conn);
    let applied = 0;
    const apply = async () => void applied++;
    expect(await inbox.once('c1', 'ev-1', apply)).toBe(true);
    expect(await inbox.once('c1', 'ev-1', apply)).toBe(false);
    expect(await inbox.once('c2', 'ev-1', apply)).toBe(true);
    expect(applied).toBe(2);
    await inbox.record('c1', 'ev-1');
  });

  it('does not record an event whose handler failed', async () => {
    const inbox = createInbox(conn);
    await expect(inbox.once('c1', 'ev-2', async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await inbox.seen('c1', 'ev-2')).toBe(false);
  });

  it('stores dead letters once per stream sequence', async () => {
    const store = createDeadLetterStore(conn);
    const entry = {
      consumer: 'c',
      stream: 'INTAKE',
      subject: 'intake.x',
      streamSequence: 7,
      deliveryCount: 1,
      eventId: null,
      reason: 'invalid-json' as const,
      error: 'e',
      payload: '{',
      at: new Date(),
    };
    await store.record(entry);
    await store.record({ ...entry, deliveryCount: 2 });
    expect(await store.count()).toBe(1);
    expect((await store.list())[0]).toMatchObject({ deliveryCount: 2, reason: 'invalid-json' });
  });
});
