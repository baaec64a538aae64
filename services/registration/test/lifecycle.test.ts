import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { CONSUMERS, createEvent, IntakeEvents } from '@cas/contracts';
import { publishApproved, regonFor, sampleApplication, startSystem, storedMessages, waitFor, type System } from '@cas/testing';

let sys: System;
let mongo: MongoClient;
let nc: NatsConnection;
let api: string;

const submit = async (n: string) => {
  const res = await fetch(`${api}/api/v1/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(sampleApplication(n)),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; number: string };
};
const apps = () => mongo.db('cas_registration').collection('applications');

async function eventsFor(subject: string, applicationId: string): Promise<number> {
  return (await storedMessages(nc, 'REGISTRATION')).filter((m) => m.subject === subject && m.text.includes(applicationId)).length;
}

beforeAll(async () => {
  sys = await startSystem({
    services: ['registration'],
    env: { registration: { DEADLINE_CHECK_EVERY_MS: '400', ORPHAN_GRACE_MS: '1500' } },
  });
  api = sys.service('registration').baseUrl;
  mongo = await MongoClient.connect(sys.infra.mongoUrl);
  nc = await connect({ servers: sys.infra.natsUrl });
});
afterAll(async () => {
  await nc?.close();
  await mongo?.close();
  await sys?.stop();
});

describe('status timeline from intake and approval events', () => {
  it('awaiting-document → document-received → approved; replays change nothing', async () => {
    const a = await submit('timeline');
    const js = jetstream(nc);
    const matched = createEvent(
      IntakeEvents.scanMatched,
      {
        scanId: 's-1',
        applicationId: a.id,
        number: a.number,
        matchedBy: 'qr',
        verified: true,
        channel: 'epuap',
        receivedAt: new Date().toISOString(),
        contentType: 'application/pdf',
        pages: 1,
        sha256: 'b'.repeat(64),
      },
      { source: 'document-intake', correlationId: 't' },
    );
    await js.publish(matched.type, JSON.stringify(matched), { msgID: matched.id });
    await waitFor('document-received', async () => (await apps().findOne({ _id: a.id as never }))?.status === 'document-received');
    // The same event delivered again (as after a crash before the ack; this consumer keeps no inbox): the
    // guarded transition ignores it, so the timeline gets no second entry (asserted below).
    const again = await js.publish(matched.type, JSON.stringify(matched), { msgID: `${matched.id}-redelivered` });
    const jsm = await jetstreamManager(nc);
    await waitFor('redelivered event handled', async () => {
      const info = await jsm.consumers.info('INTAKE', CONSUMERS.registrationScans.durable);
      return info.ack_floor.stream_seq >= again.seq;
    });
    await publishApproved(nc, { applicationId: a.id, number: a.number }, '0190a000-0000-7000-8000-000000000026');
    await waitFor('approved', async () => (await apps().findOne({ _id: a.id as never }))?.status === 'approved');
    // A late, re-sent scan event (new message id) must not move an approved application back.
    await js.publish(matched.type, JSON.stringify(matched), { msgID: `${matched.id}-again` });
    await new Promise((r) => setTimeout(r, 1_000));
    const doc = await apps().findOne({ _id: a.id as never });
    expect(doc?.status).toBe('approved');
    expect((doc?.timeline as { status: string }[]).map((t) => t.status)).toEqual(['awaiting-document', 'document-received', 'approved']);
    const page = await (await fetch(`${api}/status?number=${encodeURIComponent(a.number)}`)).text();
    expect(page).toContain('Zatwierdzony — konto aktywne');
    expect(page).toContain('Formularz otrzymany');
    expect(page).not.toContain('jan.nowak.timeline');
  });

  it('an approved application whose account is not there yet says so on the status page', async () => {
    const a = await submit('account-pending');
    // What a crash between the approval's transition and the account's insert leaves, until the event returns.
    await apps().updateOne(
      { _id: a.id as never },
      { $set: { status: 'approved' }, $push: { timeline: { status: 'approved', at: new Date() } as never } },
    );
    const page = await (await fetch(`${api}/status?number=${encodeURIComponent(a.number)}`)).text();
    expect(page).toContain('Zatwierdzony — konto jest zakładane');
    expect(page).not.toContain('konto aktywne');
  });
});

describe('reminders and expiry (BullMQ repeatable job)', () => {
  it('reminds after N days without a scan and expires after the deadline, each event once', async () => {
    const r = await submit('remind');
    const x = await submit('expire');
    // Wait for the relay to finish with both documents: this test writes to them directly, outside the
    // service's per-document lock, and FerretDB would let the relay's write overwrite ours (docs/adr/0004).
    for (const id of [r.id, x.id])
      await waitFor('outbox drained', async () => (await apps().findOne({ _id: id as never }))?.outboxPending === false);
    await apps().updateOne({ _id: r.id as never }, { $set: { submittedAt: new Date(Date.now() - 15 * 86_400_000) } });
    await apps().updateOne({ _id: x.id as never }, { $set: { expiresAt: new Date(Date.now() - 1_000) } });
    await waitFor('reminded', async () => (await apps().findOne({ _id: r.id as never }))?.remindedAt instanceof Date, 20_000);
    await waitFor('expired', async () => (await apps().findOne({ _id: x.id as never }))?.status === 'expired', 20_000);
    // Several more passes of the job run meanwhile: still one event each.
    await new Promise((res) => setTimeout(res, 2_000));
    expect(await eventsFor('registration.application.reminded.v1', r.id)).toBe(1);
    expect(await eventsFor('registration.application.expired.v1', x.id)).toBe(1);
    expect(await eventsFor('registration.application.expired.v1', r.id)).toBe(0);
    expect((await apps().findOne({ _id: r.id as never }))?.status).toBe('awaiting-document');
  });
});

describe('a submission interrupted by a crash', () => {
  it('releases the login and REGON it had reserved, so the person can register again', async () => {
    const reg = sys.service('registration');
    reg.spec.env = { ...reg.spec.env, CAS_FAULT_POINTS: 'registration.before-application-insert' };
    await reg.restart();
    const exited = reg.waitExit();
    await fetch(`${api}/api/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(sampleApplication('crashed')),
    }).catch(() => undefined);
    await exited;
    expect(
      await mongo
        .db('cas_registration')
        .collection('logins')
        .countDocuments({ _id: 'jnowakcrashed' as never }),
    ).toBe(1);
    expect(await apps().countDocuments({ 'user.login': 'jnowakcrashed' })).toBe(0);
    reg.spec.env = { ...reg.spec.env, CAS_FAULT_POINTS: '' };
    await reg.start();
    await waitFor(
      'orphans released',
      async () =>
        (await mongo
          .db('cas_registration')
          .collection('logins')
          .countDocuments({ _id: 'jnowakcrashed' as never })) === 0 &&
        (await mongo
          .db('cas_registration')
          .collection('units')
          .countDocuments({ regon: regonFor('crashed') })) === 0,
      45_000,
    );
    const again = await fetch(`${api}/api/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(sampleApplication('crashed')),
    });
    expect(again.status).toBe(201);
    // Reservations of applications that exist are kept.
    expect(
      await mongo
        .db('cas_registration')
        .collection('logins')
        .countDocuments({ _id: 'jnowaktimeline' as never }),
    ).toBe(1);
  });
});

describe('an approval interrupted by a crash', () => {
  it('between the approved application and its account: the redelivered event creates the account, once', async () => {
    const a = await submit('halfapproved');
    const reg = sys.service('registration');
    reg.spec.env = { ...reg.spec.env, CAS_FAULT_POINTS: 'registration.account.before-user-insert' };
    await reg.restart();
    const exited = reg.waitExit();
    await publishApproved(nc, { applicationId: a.id, number: a.number }, '0190a000-0000-7000-8000-000000000027');
    await exited;
    // The window the fault suite's workload must not mistake for an active account (test/faults/workload.ts).
    expect((await apps().findOne({ _id: a.id as never }))?.status).toBe('approved');
    const users = mongo.db('cas_registration').collection('users');
    expect(await users.countDocuments({ login: 'jnowakhalfapproved' })).toBe(0);
    reg.spec.env = { ...reg.spec.env, CAS_FAULT_POINTS: '' };
    await reg.start();
    await waitFor(
      'account created by the redelivery',
      async () => (await users.countDocuments({ login: 'jnowakhalfapproved', status: 'active' })) === 1,
      90_000,
    );
    await waitFor('account-activated published', async () => (await eventsFor('registration.account.activated.v1', a.id)) === 1);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await eventsFor('registration.account.activated.v1', a.id)).toBe(1);
  });
});
