import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  MATRIX_CSRF,
  roleClient,
  sampleApplication,
  startSmtpSink,
  startSystem,
  waitFor,
  type MatrixRole,
  type RoleClient,
  type SmtpSink,
  type System,
} from '@cas/testing';

/**
 * "Nieudane e-maile" in the admin UI (issue #6 step 7): the e-mails notification gave up on, fetched from it
 * with the admin's token, scoped to the admin's voivodeship, with a retry; and the template preview.
 */
let sys: System;
let sink: SmtpSink;
let mongo: MongoClient;
let nc: NatsConnection;
let matrix: RoleClient;
const REFUSED = 'skrzynka.pelna@example.test';

beforeAll(async () => {
  sink = await startSmtpSink();
  sink.answer = (rcpt) => (rcpt === REFUSED ? { code: 550, message: '5.2.2 Mailbox full' } : 'accept');
  sys = await startSystem({
    services: ['registration', 'approval', 'notification'],
    infra: { only: ['mongo', 'nats', 'redis', 'mailpit'] },
    env: {
      registration: { LOGIN_RATE_PER_IP_PER_MINUTE: '1000' },
      notification: { SMTP_HOST: sink.host, SMTP_PORT: String(sink.port) },
    },
  });
  mongo = await MongoClient.connect(sys.infra.mongoUrl);
  nc = await connect({ servers: sys.infra.natsUrl });
  matrix = await roleClient(sys, mongo, nc, 'failed', sys.service('approval').baseUrl);
});
afterAll(async () => {
  await nc?.close();
  await mongo?.close();
  await sys?.stop();
  await sink?.close();
});

describe('failed e-mails page', () => {
  it('lists a refused e-mail for the admins of its voivodeship only; the retry sends it once', async () => {
    const app = sampleApplication('failed1');
    const res = await fetch(`${sys.service('registration').baseUrl}/api/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...app, user: { ...app.user, email: REFUSED }, unit: { ...app.unit, teryt: '2661011' } }),
    });
    expect(res.status).toBe(201);
    const deliveries = mongo.db('cas_notification').collection<Record<string, unknown>>('deliveries');
    await waitFor('failed', async () => (await deliveries.findOne({ recipient: REFUSED }))?.status === 'failed');
    const id = String((await deliveries.findOne({ recipient: REFUSED }))!._id);

    const expected: Record<MatrixRole, number> = { anonymous: 401, user: 403, admin26: 200, admin14: 200, central: 200 };
    for (const who of Object.keys(expected) as MatrixRole[]) {
      const page = await matrix.page('GET', '/nieudane-emaile', who);
      expect(page.status, who).toBe(expected[who]);
      if (page.status !== 200) continue;
      expect(page.headers.get('cache-control')).toBe('no-store');
      const body = await page.text();
      expect(body.includes(REFUSED), who).toBe(who !== 'admin14');
      if (who !== 'admin14') expect(body).toContain('5.2.2 Mailbox full');
    }
    const retry = (who: MatrixRole, form: Record<string, string> = { _csrf: MATRIX_CSRF }) =>
      matrix.page('POST', `/nieudane-emaile/${encodeURIComponent(id)}/ponow`, who, form);
    expect((await retry('admin26', {})).status).toBe(403); // no CSRF token
    expect((await retry('anonymous')).status).toBe(401);
    expect((await retry('user')).status).toBe(403);
    const foreign = await retry('admin14');
    expect(foreign.status).toBe(404);
    expect(await foreign.text()).toContain('Nie znaleziono');

    sink.answer = () => 'accept';
    const done = await retry('admin26');
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/nieudane-emaile?ok=ponowiono');
    await waitFor('sent', async () => (await deliveries.findOne({ _id: id as never }))?.status === 'sent');
    expect(sink.accepted.filter((m) => m.to.includes(REFUSED))).toHaveLength(1);
    const again = await retry('central');
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('nie jest oznaczony jako niewysłany');
  });

  it('shows every e-mail template with sample data to admins, through the admin UI', async () => {
    for (const [who, status] of [
      ['anonymous', 401],
      ['user', 403],
      ['admin14', 200],
    ] as const)
      expect((await matrix.page('GET', '/szablony-e-maili', who)).status, who).toBe(status);
    const page = await (await matrix.page('GET', '/szablony-e-maili', 'admin26')).text();
    expect(page).toContain('Podgląd szablonów e-maili');
    for (const name of ['application-submitted', 'scan-received', 'application-rejected', 'waiting-digest', 'password-reminder'])
      expect(page).toContain(`szablon-${name}`);
  });
});
