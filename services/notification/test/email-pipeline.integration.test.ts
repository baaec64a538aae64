import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { Queue } from 'bullmq';
import { createEvent, RegistrationEvents, type Envelope } from '@cas/contracts';
import { createLogger } from '@cas/logger';
import { connectNats, createPublisher, type NatsConnection, type Publisher } from '@cas/nats';
import {
  mailText,
  publishAgain,
  roleClient,
  sampleApplication,
  startSmtpSink,
  startSystem,
  waitFor,
  type RoleClient,
  type SmtpSink,
  type System,
} from '@cas/testing';

/**
 * The e-mail pipeline against a real SMTP server that answers as we tell it (smtp-server): permanent refusals,
 * temporary ones, a relay that is down, the reconciler, the failed-e-mails API with its retry. Registration
 * runs too: notification reads its catalogue and verifies admins' tokens with its keys.
 */
let sys: System;
let sink: SmtpSink;
let mongo: MongoClient;
let nc: NatsConnection;
let publisher: Publisher;
let matrix: RoleClient;

const deliveries = () => mongo.db('cas_notification').collection<Record<string, unknown>>('deliveries');
const deliveryFor = (eventId: string) => deliveries().findOne({ eventId });
const acceptedFor = (to: string) => sink.accepted.filter((m) => m.to.includes(to));
const decoded = mailText;

let seq = 0;

/** Ids of the failed deliveries this administrator's "failed e-mails" list shows. */
const listed = async (who: 'admin26' | 'admin14' | 'central') =>
  ((await (await matrix.call('GET', '/api/v1/deliveries?status=failed', who)).json()) as { items: { id: string }[] }).items.map(
    (i) => i.id,
  );
/** `registration.application.submitted.v1` for a fresh application of voivodeship 26 with this applicant's address. */
async function submitted(email: string, voivodeship = '26', daysAgo = 0): Promise<Envelope> {
  seq++;
  const app = sampleApplication(`pipe${seq}`);
  const now = new Date(Date.now() - daysAgo * 86_400_000);
  const event = createEvent(
    RegistrationEvents.applicationSubmitted,
    {
      applicationId: `0190a000-0000-7000-8000-${String(900_000_000_000 + seq)}`,
      number: `${voivodeship}/2026/${String(800_000 + seq).padStart(6, '0')}`,
      voivodeship,
      kind: 'new-unit',
      unit: { id: `unit-${seq}`, isNew: true, ...app.unit, teryt: `${voivodeship}61011` },
      user: {
        id: `user-${seq}`,
        firstName: app.user.firstName,
        lastName: app.user.lastName,
        email,
        phone: app.user.phone,
        position: app.user.position,
        login: app.user.login,
      },
      grants: [{ area: 'PS', subArea: 'sprawozdania-resortowe' }],
      verificationCode: 'ABCDEFGH',
      submittedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
      formPath: '/wnioski/26-2026-000001/formularz?t=abcdefgh',
    },
    { source: 'registration', correlationId: `pipe-${seq}` },
  );
  await publisher.publish(event);
  return event;
}

beforeAll(async () => {
  sink = await startSmtpSink({ keep: true });
  sys = await startSystem({
    services: ['registration', 'notification'],
    infra: { only: ['mongo', 'nats', 'redis', 'mailpit'] },
    env: {
      registration: { LOGIN_RATE_PER_IP_PER_MINUTE: '1000' },
      notification: {
        SMTP_HOST: sink.host,
        SMTP_PORT: String(sink.port),
        EMAIL_ATTEMPTS: '3',
        SMTP_PAUSE_MAX_MS: '2000',
        RECONCILE_EVERY_MS: '1000',
        RECONCILE_AFTER_MS: '2000',
      },
    },
  });
  mongo = await MongoClient.connect(sys.infra.mongoUrl);
  nc = await connectNats({ servers: [sys.infra.natsUrl], name: 'pipeline-it', logger: createLogger({ service: 'test', level: 'silent' }) });
  publisher = createPublisher(nc);
  matrix = await roleClient(sys, mongo, nc, 'pipe', sys.service('notification').baseUrl);
});
afterAll(async () => {
  await nc?.close();
  await mongo?.close();
  await sys?.stop();
  await sink?.close();
});

describe('e-mail pipeline', () => {
  it('the submission e-mail names the office: its ePUAP box, its e-mail and the printable form', async () => {
    const e = await submitted('office.box@example.test');
    await waitFor('accepted', async () => acceptedFor('office.box@example.test').length === 1);
    const head = decoded(acceptedFor('office.box@example.test')[0]!.head!);
    expect(head).toContain('/SUWKielce/SkrytkaESP');
    expect(head).toContain('wps00@kielce.uw.gov.pl');
    expect(head).toMatch(/\/wnioski\/26-2026-000001\/formularz\?t=abcdefgh/);
    expect(acceptedFor('office.box@example.test')[0]!.messageId).toBe(`<${e.id}.application-submitted@cas-rejestracja.local>`);
    // The message is composed before the SMTP transaction (send-email.job.ts): the headers are all there.
    expect(head).toMatch(/^Auto-Submitted: auto-generated\r?$/m);
    expect(head).toMatch(/^To: office\.box@example\.test\r?$/m);
    expect(head).toMatch(/^Content-Type: multipart\/alternative;/m);
    await waitFor('sent', async () => (await deliveryFor(e.id))?.status === 'sent');
  });

  it('a redelivered event after its e-mail went out sends nothing again, even when its finished job is gone from Redis', async () => {
    const e = await submitted('twice.delivered@example.test');
    await waitFor('sent', async () => (await deliveryFor(e.id))?.status === 'sent');
    const emails = new Queue('notification-email', { connection: { url: sys.infra.redisUrl } as never });
    try {
      // The first job carried the message and never read the ledger; the job added for the repeat reads it.
      const first = await emails.getJob(String((await deliveryFor(e.id))?._id));
      expect(first?.data.payload.fresh?.recipient).toBe('twice.delivered@example.test');
      await first!.remove();
      await publishAgain(nc, e);
      await waitFor(
        'the repeat handled',
        async () => (await emails.getJob(String((await deliveryFor(e.id))?._id)))?.finishedOn !== undefined,
      );
      const repeat = await emails.getJob(String((await deliveryFor(e.id))?._id));
      expect(repeat?.data.payload.fresh).toBeUndefined();
    } finally {
      await emails.close();
    }
    expect(acceptedFor('twice.delivered@example.test')).toHaveLength(1);
    expect((await deliveryFor(e.id))?.attempts).toBe(1);
  });

  it('a refused address (550) fails at once; the admins of its voivodeship see it and retry it; sent once', async () => {
    const to = 'nieistnieje@example.test';
    sink.answer = (rcpt) => (rcpt === to ? { code: 550, message: '5.1.1 User unknown' } : 'accept');
    const e = await submitted(to);
    await waitFor('failed', async () => (await deliveryFor(e.id))?.status === 'failed');
    const d = (await deliveryFor(e.id))!;
    expect(d.attempts).toBe(1);
    expect(String(d.lastError)).toContain('550');
    expect(d.voivodeship).toBe('26');

    expect(await listed('admin26')).toContain(d._id);
    expect(await listed('central')).toContain(d._id);
    expect(await listed('admin14')).not.toContain(d._id);
    const retry = (who: Parameters<RoleClient['call']>[2]) => matrix.call('POST', `/api/v1/deliveries/${String(d._id)}/retry`, who);
    expect((await matrix.call('GET', '/api/v1/deliveries', 'anonymous')).status).toBe(401);
    expect((await matrix.call('GET', '/api/v1/deliveries', 'user')).status).toBe(403);
    expect((await matrix.call('GET', '/api/v1/deliveries?status=sent', 'central')).status).toBe(400);
    expect((await retry('anonymous')).status).toBe(401);
    expect((await retry('user')).status).toBe(403);
    expect((await retry('admin14')).status).toBe(404);

    sink.answer = () => 'accept'; // the address was fixed on the relay's side
    const [first, second] = await Promise.all([retry('admin26'), retry('central')]);
    expect([first.status, second.status].sort()).toEqual([202, 409]);
    await waitFor('sent after the retry', async () => (await deliveryFor(e.id))?.status === 'sent');
    expect(acceptedFor(to)).toHaveLength(1);
    expect((await deliveryFor(e.id))?.retriedBy).toMatch(/^admin-/);
    expect((await retry('admin26')).status).toBe(409);
  });

  it("an account e-mail refused for good is listed for the user's office, looked up only when it failed", async () => {
    const application = await submitted('aktywowana@example.test');
    await waitFor('submitted e-mail sent', async () => (await deliveryFor(application.id))?.status === 'sent');
    const { applicationId } = application.data as { applicationId: string };
    const account = (userId: string, email: string) => ({
      userId,
      login: `login-${userId}`,
      email,
      name: { firstName: 'Anna', lastName: 'Aktywna' },
      unit: { id: `unit-${userId}`, name: 'Gminny Ośrodek Pomocy Społecznej' },
      grants: [{ area: 'PS' as const, subArea: 'sprawozdania-resortowe' }],
    });
    const activated = createEvent(
      RegistrationEvents.accountActivated,
      { ...account('user-known-26', 'aktywowana@example.test'), applicationId },
      { source: 'registration', correlationId: 'pipe-activated' },
    );
    await publisher.publish(activated);
    await waitFor('activation e-mail sent', async () => (await deliveryFor(activated.id))?.status === 'sent');
    // The activated application names the office, and notification remembers it for the user.
    expect((await deliveryFor(activated.id))?.voivodeship).toBe('26');

    const refused = ['zablokowana@example.test', 'nieznana@example.test'];
    sink.answer = (rcpt) => (refused.includes(rcpt) ? { code: 550, message: '5.1.1 User unknown' } : 'accept');
    const blocked = (userId: string, email: string) =>
      createEvent(
        RegistrationEvents.accountBlocked,
        { userId, login: `login-${userId}`, email, failedAttempts: 5, blockedAt: new Date().toISOString() },
        { source: 'registration', correlationId: `pipe-blocked-${userId}` },
      );
    const [known, unknown] = [blocked('user-known-26', refused[0]!), blocked('user-never-activated', refused[1]!)];
    await publisher.publish(known);
    await publisher.publish(unknown);
    await waitFor(
      'both failed',
      async () => (await deliveries().countDocuments({ eventId: { $in: [known.id, unknown.id] }, status: 'failed' })) === 2,
    );
    sink.answer = () => 'accept';

    const [k, u] = [(await deliveryFor(known.id))!, (await deliveryFor(unknown.id))!];
    expect(k.voivodeship).toBe('26');
    expect(await listed('admin26')).toContain(k._id);
    expect(await listed('admin14')).not.toContain(k._id);
    // A user notification never saw activated: only the central administrator sees it.
    expect(u.voivodeship).toBeNull();
    expect(await listed('central')).toEqual(expect.arrayContaining([k._id, u._id]));
    expect(await listed('admin26')).not.toContain(u._id);
  });

  it('a temporary refusal (451) is retried with backoff until the relay accepts', async () => {
    const to = 'szara.lista@example.test';
    let refusals = 0;
    sink.answer = (rcpt) => (rcpt === to && refusals++ < 2 ? { code: 451, message: '4.7.1 Greylisted, try later' } : 'accept');
    const e = await submitted(to);
    await waitFor('sent', async () => (await deliveryFor(e.id))?.status === 'sent', 30_000);
    expect(refusals).toBe(3);
    expect(acceptedFor(to)).toHaveLength(1);
    expect((await deliveryFor(e.id))?.attempts).toBe(3);
  });

  it('a relay that is down (421 on connect) holds the queue back without using up attempts; after it, each e-mail once', async () => {
    sink.answer = () => 'accept';
    sink.refuseConnections = true;
    const events = await Promise.all(Array.from({ length: 20 }, (_, i) => submitted(`przestoj${i}@example.test`)));
    // Longer than 3 attempts with their 2 s / 4 s backoff would last: a counted failure would end up `failed`.
    await new Promise((r) => setTimeout(r, 12_000));
    expect(sink.accepted.filter((m) => m.to[0]!.startsWith('przestoj'))).toHaveLength(0);
    sink.refuseConnections = false;
    await waitFor(
      'all sent',
      async () => (await deliveries().countDocuments({ eventId: { $in: events.map((e) => e.id) }, status: 'sent' })) === 20,
      30_000,
    );
    for (let i = 0; i < 20; i++) expect(acceptedFor(`przestoj${i}@example.test`), `przestoj${i}`).toHaveLength(1);
    const failed = await deliveries().countDocuments({ eventId: { $in: events.map((e) => e.id) }, status: 'failed' });
    expect(failed).toBe(0);
  });

  it('the reconciler gives a claimed delivery whose job vanished its job back', async () => {
    const id = `lost-${Date.now()}--application-submitted--0000000000000000`;
    await deliveries().insertOne({
      _id: id as never,
      eventId: `lost-${Date.now()}`,
      template: 'application-submitted',
      recipient: 'zgubiony@example.test',
      subject: 'CAS: zgubiony e-mail',
      text: 'Treść',
      html: '<p>Treść</p>',
      messageId: '<lost@cas-rejestracja.local>',
      voivodeship: '26',
      status: 'claimed',
      attempts: 0,
      createdAt: new Date(Date.now() - 60_000),
    });
    await waitFor('sent by the reconciler', async () => (await deliveries().findOne({ _id: id as never }))?.status === 'sent', 20_000);
    expect(acceptedFor('zgubiony@example.test')).toHaveLength(1);
  });

  it('bad input: an address with CR/LF or a list is refused and recorded, a Unicode address is sent', async () => {
    const bad = await submitted('ofiara@example.test\r\nBcc: wszyscy@example.test');
    const list = await submitted('a@example.test, b@example.test');
    const unicode = await submitted('józef.żółć@example.test');
    await waitFor('unicode sent', async () => (await deliveryFor(unicode.id))?.status === 'sent', 20_000);
    const deadLetters = mongo.db('cas_notification').collection('dead_letters');
    await waitFor('dead-lettered', async () => (await deadLetters.countDocuments({ eventId: { $in: [bad.id, list.id] } })) === 2, 20_000);
    expect(await deliveryFor(bad.id)).toBeNull();
    expect(await deliveryFor(list.id)).toBeNull();
    expect(sink.accepted.some((m) => m.to.some((t) => t.includes('wszyscy')))).toBe(false);
  });

  it('the daily digest lists what waits too long to each admin of that voivodeship, once per day', async () => {
    sink.answer = () => 'accept';
    const old = [await submitted('czeka1@example.test', '26', 10), await submitted('czeka2@example.test', '26', 9)];
    const fresh = await submitted('swiezy@example.test', '26', 1);
    const other = await submitted('inne@example.test', '14', 12);
    await waitFor('contacts stored', async () => (await deliveryFor(other.id))?.status === 'sent');
    const admin26 = `${matrix.logins.admin26}@uw.example`;
    const admin14 = `${matrix.logins.admin14}@uw.example`;
    const digestsTo = (to: string) => acceptedFor(to).filter((m) => m.messageId?.includes('.waiting-digest@'));
    const maintenance = new Queue('notification-maintenance', { connection: { url: sys.infra.redisUrl } as never });
    const run = () => maintenance.add('send-digest', { payload: { day: '2026-12-01' }, meta: { correlationId: 'digest-test' } });
    await run();
    await waitFor('digests accepted', async () => digestsTo(admin26).length === 1 && digestsTo(admin14).length === 1, 20_000);
    const digest = decoded(digestsTo(admin26)[0]!.head!);
    for (const e of old) expect(digest).toContain((e.data as { number: string }).number);
    expect(digest).not.toContain((fresh.data as { number: string }).number);
    expect(digest).not.toContain((other.data as { number: string }).number);
    expect(decoded(digestsTo(admin14)[0]!.head!)).toContain((other.data as { number: string }).number);
    // The same day again (a retried or doubled run): the ledger already has those deliveries.
    await run();
    await new Promise((r) => setTimeout(r, 2_000));
    expect(digestsTo(admin26)).toHaveLength(1);
    expect(digestsTo(admin26)[0]!.messageId).toBe('<digest-2026-12-01-26.waiting-digest@cas-rejestracja.local>');
    await maintenance.close();
  });
});
