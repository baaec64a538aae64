import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { connect } from '@nats-io/transport-node';
import { sampleApplication, startSystem, storedMessages, waitFor, type System } from '@cas/testing';

let sys: System;
let mongo: MongoClient;
let api: string;

const submit = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${api}/api/v1/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

beforeAll(async () => {
  sys = await startSystem();
  mongo = await MongoClient.connect(sys.infra.mongoUrl);
  api = sys.service('registration').baseUrl;
});
afterAll(async () => {
  await mongo?.close();
  await sys?.stop();
});

describe('walking skeleton: application → outbox → JetStream → BullMQ → SMTP', () => {
  it('all four services report ready with their dependencies', async () => {
    for (const s of Object.values(sys.services)) {
      const res = await fetch(`${s.baseUrl}/readyz`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { checks: Record<string, boolean> };
      expect(Object.values(body.checks).every(Boolean)).toBe(true);
    }
  });

  it('a submitted application ends as a real e-mail with its number, and in both read models', async () => {
    const res = await submit(sampleApplication('e2e1'), { 'x-correlation-id': 'skeleton-corr-1' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as {
      id: string;
      number: string;
      status: string;
      verificationCode: string;
      formUrl: string;
      statusUrl: string;
    };
    expect(body.number).toMatch(/^26\/\d{4}\/\d{6}$/);
    expect(body.status).toBe('awaiting-document');
    expect(body.verificationCode).toMatch(/^[A-Z2-7]{8}$/);
    expect(body.formUrl).toContain('/formularz?t=');

    const mail = await sys.mailpit.waitForOne(`to:jan.nowak.e2e1@mopr.kielce.example`);
    expect(mail.Subject).toContain(body.number);
    const full = await sys.mailpit.message(mail.ID);
    expect(full.Text).toContain(body.number);
    expect(full.Text).toContain(body.verificationCode);
    expect(full.MessageID).toMatch(/\.application-submitted@/);

    await waitFor(
      'intake view',
      async () => (await mongo.db('cas_intake').collection('open_applications').countDocuments({ number: body.number })) === 1,
    );
    await waitFor(
      'approval item',
      async () => (await mongo.db('cas_approval').collection('review_items').countDocuments({ number: body.number })) === 1,
    );
    const item = await mongo.db('cas_approval').collection('review_items').findOne({ number: body.number });
    expect(item).toMatchObject({ _id: body.id, status: 'awaiting-document', voivodeship: '26' });

    // The stored user carries an argon2id hash, never the password.
    const stored = await mongo
      .db('cas_registration')
      .collection('applications')
      .findOne({ _id: body.id as never });
    expect(JSON.stringify(stored)).not.toContain(sampleApplication('e2e1').user.password);
    expect((stored?.user as { passwordHash: string }).passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

    // The correlation id travelled HTTP → event → consumer → BullMQ job → log line of the send.
    await waitFor('delivery logged', async () =>
      readFileSync(join(sys.dir, 'logs', 'notification.log'), 'utf8').includes('skeleton-corr-1'),
    );
    const delivery = await mongo
      .db('cas_notification')
      .collection('deliveries')
      .findOne({ recipient: 'jan.nowak.e2e1@mopr.kielce.example' });
    expect(delivery).toMatchObject({ status: 'sent', template: 'application-submitted' });
  });

  it('a double-click (same Idempotency-Key) creates one application and one e-mail', async () => {
    const key = 'dbl-click-0001';
    const [a, b] = await Promise.all([
      submit(sampleApplication('dbl'), { 'idempotency-key': key }),
      submit(sampleApplication('dbl'), { 'idempotency-key': key }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const [ja, jb] = (await Promise.all([a.json(), b.json()])) as { id: string }[];
    expect(ja?.id).toBe(jb?.id);
    const reuse = await submit(
      { ...sampleApplication('dbl'), grants: [{ area: 'SR', subArea: 'swiadczenia-rodzinne' }] },
      { 'idempotency-key': key },
    );
    expect(reuse.status).toBe(422);
    await sys.mailpit.waitForOne('to:jan.nowak.dbl@mopr.kielce.example');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await sys.mailpit.search('to:jan.nowak.dbl@mopr.kielce.example')).toHaveLength(1);
    expect(await mongo.db('cas_registration').collection('applications').countDocuments({ 'user.login': 'jnowakdbl' })).toBe(1);
  });

  it('answers bad input with 4xx problem JSON, never 500', async () => {
    const huge = JSON.stringify({ ...sampleApplication('big'), unit: { ...sampleApplication('big').unit, name: 'x'.repeat(300_000) } });
    const cases: [Promise<Response>, number][] = [
      [submit('{"unit": '), 400],
      [fetch(`${api}/api/v1/applications`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }), 415],
      [
        fetch(`${api}/api/v1/applications`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'a=b',
        }),
        415,
      ],
      [submit({ ...sampleApplication('unk'), isAdmin: true }), 400],
      [submit({ ...sampleApplication('unk'), user: { ...sampleApplication('unk').user, role: 'admin' } }), 400],
      [submit(huge), 413],
      [submit({ ...sampleApplication('bad'), unit: { ...sampleApplication('bad').unit, teryt: '2761011' } }), 400],
      [submit({ ...sampleApplication('bad'), consent: false }), 400],
      [submit({ ...sampleApplication('ex'), unit: { existingUnitId: 'does-not-exist' } }), 422],
      [submit(sampleApplication('k'), { 'idempotency-key': 'bad key with spaces' }), 400],
      [submit('null'), 400],
      [submit({ unit: { $gt: '' } }), 400],
    ];
    for (const [pending, status] of cases) {
      const res = await pending;
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await res.json()) as { status: number; title: string; detail: string; type: string };
      expect(problem.status).toBe(status);
      expect(problem.detail).toMatch(/[a-ząćęłńóśźż]/i);
    }
    const unknown = (await (await submit({ ...sampleApplication('unk'), isAdmin: true })).json()) as { errors: { field: string }[] };
    expect(unknown.errors.map((e) => e.field)).toContain('isAdmin');
  });

  it('a poison event is terminated and recorded by every consumer, and the flow goes on', async () => {
    const nc = await connect({ servers: sys.infra.natsUrl });
    const poison = JSON.stringify({ specversion: '1.0', type: 'registration.application.submitted.v1', data: { hello: 'world' } });
    nc.publish('registration.application.submitted.v1', poison);
    await nc.flush();
    await nc.close();
    for (const db of ['cas_intake', 'cas_approval', 'cas_notification']) {
      await waitFor(
        `${db} dead letter`,
        async () => (await mongo.db(db).collection('dead_letters').countDocuments({ reason: 'invalid-envelope' })) === 1,
      );
    }
    const res = await submit(sampleApplication('after-poison'));
    expect(res.status).toBe(201);
    await sys.mailpit.waitForOne('to:jan.nowak.after-poison@mopr.kielce.example');
  });

  it('the same event delivered twice (two stream messages, one event id) is applied once by every consumer', async () => {
    const res = await submit(sampleApplication('twice'));
    const { id } = (await res.json()) as { id: string };
    await sys.mailpit.waitForOne('to:jan.nowak.twice@mopr.kielce.example');
    // Re-inject the stored event under a different Nats-Msg-Id, so JetStream keeps both copies and delivers it again.
    const nc = await connect({ servers: sys.infra.natsUrl });
    const js = (await import('@nats-io/jetstream')).jetstream(nc);
    const stream = await (await import('@nats-io/jetstream')).jetstreamManager(nc);
    const info = await stream.streams.info('REGISTRATION');
    const original = (await storedMessages(nc, 'REGISTRATION')).find((m) => m.text.includes(id))?.text;
    expect(original).toBeDefined();
    await js.publish('registration.application.submitted.v1', original, { msgID: `replay-${id}` });
    const eventId = (JSON.parse(original!) as { id: string }).id;
    for (const [db, durable] of [
      ['cas_approval', 'approval--applications'],
      ['cas_intake', 'intake--open-applications'],
      ['cas_notification', 'notification--registration-emails'],
    ] as const) {
      await waitFor(`${durable} saw it`, async () => {
        const c = await stream.consumers.info('REGISTRATION', durable);
        return c.delivered.stream_seq >= info.state.last_seq + 1 && c.num_ack_pending === 0;
      });
      // Notification has no inbox (ADR 0009): its ledger key, from the event id, is what makes the replay a no-op.
      expect(
        db === 'cas_notification'
          ? await mongo.db(db).collection('deliveries').countDocuments({ eventId })
          : await mongo
              .db(db)
              .collection<{ _id: string }>('inbox')
              .countDocuments({ _id: `${durable}/${eventId}` }),
      ).toBe(1);
    }
    await nc.close();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await sys.mailpit.search('to:jan.nowak.twice@mopr.kielce.example')).toHaveLength(1);
    expect(
      await mongo
        .db('cas_approval')
        .collection('review_items')
        .countDocuments({ _id: id as never }),
    ).toBe(1);
  });
});
