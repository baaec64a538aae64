import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { sampleApplication, startSystem, waitFor, type System } from '@cas/testing';

/**
 * DESIGN §6, proven with real crashes: the registration process SIGKILLs itself at a named point of the
 * outbox relay (CAS_FAULT_POINTS), is restarted without the fault, and we check what the rest saw.
 */
let sys: System;
let mongo: MongoClient;
let nc: NatsConnection;

async function submittedCount(): Promise<number> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info('REGISTRATION', { subjects_filter: 'registration.application.submitted.v1' });
  return info.state.subjects?.['registration.application.submitted.v1'] ?? 0;
}

async function crashDuringSubmit(fault: string, n: string): Promise<string> {
  const reg = sys.service('registration');
  reg.spec.env = { ...reg.spec.env, CAS_FAULT_POINTS: fault };
  await reg.restart();
  const exited = reg.waitExit();
  // The process may die before or after answering: the application is in MongoDB either way.
  await fetch(`${reg.baseUrl}/api/v1/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(sampleApplication(n)),
  }).catch(() => undefined);
  await exited;
  expect(reg.running).toBe(false);
  const doc = await mongo
    .db('cas_registration')
    .collection('applications')
    .findOne({ 'user.login': `jnowak${n}` });
  expect(doc).not.toBeNull();
  expect((doc?.outbox as unknown[]).length).toBe(1);
  reg.spec.env = { ...reg.spec.env, CAS_FAULT_POINTS: '' };
  await reg.start();
  return String(doc?._id);
}

beforeAll(async () => {
  sys = await startSystem();
  mongo = await MongoClient.connect(sys.infra.mongoUrl);
  nc = await connect({ servers: sys.infra.natsUrl });
});
afterAll(async () => {
  await nc?.close();
  await mongo?.close();
  await sys?.stop();
});

describe('outbox under real crashes', () => {
  it('killed between publish and removal: re-published on restart, applied exactly once', async () => {
    const before = await submittedCount();
    const id = await crashDuringSubmit('outbox.after-publish', 'crash1');
    await waitFor('outbox drained', async () => {
      const doc = await mongo
        .db('cas_registration')
        .collection('applications')
        .findOne({ _id: id as never });
      return (doc?.outbox as unknown[]).length === 0;
    });
    // Published twice (before the crash and after the restart); JetStream kept one.
    expect(await submittedCount()).toBe(before + 1);
    await sys.mailpit.waitForOne('to:jan.nowak.crash1@mopr.kielce.example');
    await waitFor(
      'review item',
      async () =>
        (await mongo
          .db('cas_approval')
          .collection('review_items')
          .countDocuments({ _id: id as never })) === 1,
    );
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await sys.mailpit.search('to:jan.nowak.crash1@mopr.kielce.example')).toHaveLength(1);
    expect(
      await mongo
        .db('cas_approval')
        .collection<{ _id: string }>('inbox')
        .countDocuments({ _id: { $regex: '^approval--applications/' } }),
    ).toBe(before + 1);
  });

  it('killed between the document write and publish: the event is still delivered after restart', async () => {
    const before = await submittedCount();
    const id = await crashDuringSubmit('outbox.before-publish', 'crash2');
    expect(await submittedCount()).toBe(before);
    await sys.mailpit.waitForOne('to:jan.nowak.crash2@mopr.kielce.example');
    await waitFor(
      'intake view',
      async () =>
        (await mongo
          .db('cas_intake')
          .collection('open_applications')
          .countDocuments({ _id: id as never })) === 1,
    );
    expect(await submittedCount()).toBe(before + 1);
  });

  it('killed after reserving the login, before the application: the same request again gets its application, not 409', async () => {
    const reg = sys.service('registration');
    reg.spec.env = { ...reg.spec.env, CAS_FAULT_POINTS: 'registration.before-application-insert' };
    await reg.restart();
    const exited = reg.waitExit();
    const app = sampleApplication('crash3');
    const send = () =>
      fetch(`${reg.baseUrl}/api/v1/applications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'crash3-retry-after-crash' },
        body: JSON.stringify(app),
      });
    await send().catch(() => undefined);
    await exited;
    const logins = mongo.db('cas_registration').collection('logins');
    expect(await logins.countDocuments({ _id: 'jnowakcrash3' as never })).toBe(1); // the reservation is left behind
    reg.spec.env = { ...reg.spec.env, CAS_FAULT_POINTS: '' };
    await reg.start();
    const retried = await send();
    expect(retried.status).toBe(201);
    const body = (await retried.json()) as { id: string; number: string };
    const again = await send();
    expect([200, 201]).toContain(again.status);
    expect(((await again.json()) as { id: string }).id).toBe(body.id);
    expect(await mongo.db('cas_registration').collection('applications').countDocuments({ 'user.login': 'jnowakcrash3' })).toBe(1);
    await sys.mailpit.waitForOne('to:jan.nowak.crash3@mopr.kielce.example');
  });
});
