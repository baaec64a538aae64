import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { CompactEncrypt, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import { createEvent, RegistrationEvents, STREAMS, type Envelope } from '@cas/contracts';
import { createLogger } from '@cas/logger';
import { connectNats, createPublisher, ensureStream, type NatsConnection, type Publisher } from '@cas/nats';
import { DEV_NOTIFICATION_PUBLIC_JWK, startSystem, type System, waitFor } from '@cas/testing';

/**
 * The account e-mails through the real path: JetStream → consumer → ledger → BullMQ (Redis) → nodemailer →
 * SMTP (Mailpit), with the built notification service as a process. The reminder's plaintext password may
 * appear in the received e-mail and nowhere else.
 */

const DEV_PUBLIC_JWK: JWK = DEV_NOTIFICATION_PUBLIC_JWK;

let sys: System;
let mongo: MongoClient;
let redis: Redis;
let nc: NatsConnection;
let publisher: Publisher;

const deliveries = () => mongo.db('cas_notification').collection<{ _id: string } & Record<string, unknown>>('deliveries');
const deliveryFor = (eventId: string) => deliveries().findOne({ eventId });
const serviceLog = () => readFileSync(join(sys.dir, 'logs', 'notification.log'), 'utf8');

async function encryptForNotification(plaintext: string, publicJwk: JWK = DEV_PUBLIC_JWK): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(plaintext))
    .setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', kid: publicJwk.kid ?? 'other' })
    .encrypt(await importJWK(publicJwk, 'ECDH-ES+A256KW'));
}

async function publishReminder(email: string, encryptedTemporaryPassword: string): Promise<Envelope> {
  const event = createEvent(
    RegistrationEvents.passwordReminderIssued,
    {
      userId: `u-${email}`,
      email,
      name: { firstName: 'Alicja', lastName: 'Zielińska' },
      encryptedTemporaryPassword,
      expiresAt: new Date(Date.now() + 60 * 60_000).toISOString(),
    },
    { source: 'registration', correlationId: `it-${email}` },
  );
  await publisher.publish(event);
  return event;
}

/** Every key and every value in Redis, whatever its type, as one string. */
async function dumpRedis(): Promise<string> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'COUNT', 500);
    cursor = next;
    for (const key of keys) {
      out.push(key);
      const type = await redis.type(key);
      if (type === 'string') out.push((await redis.get(key)) ?? '');
      else if (type === 'hash') out.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'list') out.push(JSON.stringify(await redis.lrange(key, 0, -1)));
      else if (type === 'set') out.push(JSON.stringify(await redis.smembers(key)));
      else if (type === 'zset') out.push(JSON.stringify(await redis.zrange(key, 0, -1, 'WITHSCORES')));
      else if (type === 'stream') out.push(JSON.stringify(await redis.xrange(key, '-', '+')));
      else out.push(`<${type}>`);
    }
  } while (cursor !== '0');
  return out.join('\n');
}

/** Every document of every collection of the notification database, as JSON. */
async function dumpNotificationDb(): Promise<string> {
  const db = mongo.db('cas_notification');
  const out: string[] = [];
  for (const c of await db.listCollections().toArray()) out.push(c.name, JSON.stringify(await db.collection(c.name).find().toArray()));
  return out.join('\n');
}

/** Raw bytes of every file under a folder (database and AOF files as they lie on disk). */
function filesUnder(dir: string): Buffer[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [readFileSync(p)];
  });
}

beforeAll(async () => {
  sys = await startSystem({ services: ['notification'], infra: { only: ['mongo', 'nats', 'redis', 'mailpit'] } });
  mongo = await MongoClient.connect(sys.infra.mongoUrl);
  redis = new Redis(sys.infra.redisUrl);
  nc = await connectNats({
    servers: [sys.infra.natsUrl],
    name: 'notification-it',
    logger: createLogger({ service: 'test', level: 'silent' }),
  });
  await ensureStream(nc, STREAMS.registration);
  publisher = createPublisher(nc);
});
afterAll(async () => {
  await nc?.close();
  redis?.disconnect();
  await mongo?.close();
  await sys?.stop();
});

describe('password reminder: the temporary password exists only in the e-mail', () => {
  it('arrives in the mail, and is nowhere in the database, the log or Redis', async () => {
    const password = `Tmp-${randomBytes(18).toString('base64url')}`;
    const jwe = await encryptForNotification(password);
    const event = await publishReminder('alicja.reminder@example.test', jwe);

    const summary = await sys.mailpit.waitForOne('to:alicja.reminder@example.test');
    const mail = await sys.mailpit.message(summary.ID);
    expect(mail.Subject).toBe('Hasło tymczasowe do CAS');
    expect(mail.Text).toContain(password);
    expect(mail.HTML).toContain(password);
    expect(mail.Text).not.toContain('{{temporaryPassword}}');
    expect(mail.MessageID).toMatch(/\.password-reminder@/);

    await waitFor('delivery sent', async () => (await deliveryFor(event.id))?.status === 'sent');
    const delivery = await deliveryFor(event.id);
    expect(delivery?.text).toContain('{{temporaryPassword}}');
    expect(delivery).not.toHaveProperty('secret'); // the JWE is dropped once sent
    await waitFor('send logged', async () => serviceLog().includes(String(delivery?._id)));

    const db = await dumpNotificationDb();
    expect(db).toContain(event.id); // the dump does see the ledger and the inbox
    expect(db).not.toContain(password);
    const log = serviceLog();
    expect(log).not.toContain(password);
    expect(log).not.toContain(jwe);
    const keys = await dumpRedis();
    expect(keys).toContain(String(delivery?._id)); // the dump does see the job
    expect(keys).not.toContain(password);
    // What lies on disk: FerretDB's files and Redis's append-only file, byte for byte.
    await new Promise((r) => setTimeout(r, 1_200)); // AOF fsync is every second
    for (const [dir, known] of [
      ['ferretdb', event.id],
      ['redis', String(delivery?._id)],
    ] as const) {
      const files = filesUnder(join(sys.dir, dir));
      expect(files.some((bytes) => bytes.includes(known))).toBe(true); // the scan does read the stored data
      for (const bytes of files) expect(bytes.includes(password)).toBe(false);
    }
  });

  it('a JWE that does not decrypt fails its delivery once: no e-mail, no retries, no token in the log', async () => {
    const stranger = await generateKeyPair('ECDH-ES+A256KW', { crv: 'X25519', extractable: true });
    const wrongKey = await encryptForNotification('Never-Readable-123', await exportJWK(stranger.publicKey));
    const junk = 'eyJhbGciOiJFQ0RILUVTK0EyNTZLVyJ9.AAAA.BBBB.CCCC.DDDD';
    const events = [await publishReminder('wrong.key@example.test', wrongKey), await publishReminder('junk.jwe@example.test', junk)];
    const queue = new Queue('notification-email', { connection: redis });
    onTestFinished(() => queue.close());

    for (const event of events) {
      await waitFor('delivery failed', async () => (await deliveryFor(event.id))?.status === 'failed');
    }
    await new Promise((r) => setTimeout(r, 3_000)); // BullMQ's first backoff is 1 s: a retry would show by now
    for (const event of events) {
      const d = await deliveryFor(event.id);
      expect(d).toMatchObject({ status: 'failed', attempts: 1 });
      expect(String(d?.lastError)).toMatch(/could not be decrypted/);
      const job = await queue.getJob(String(d?._id));
      expect(await job?.getState()).toBe('failed');
      expect(job?.attemptsMade).toBe(1);
      expect(job?.failedReason).toMatch(/could not be decrypted/);
    }
    expect(await sys.mailpit.search('to:wrong.key@example.test')).toHaveLength(0);
    expect(await sys.mailpit.search('to:junk.jwe@example.test')).toHaveLength(0);
    const log = serviceLog();
    expect(log).toContain('its secret could not be decrypted');
    for (const jwe of [wrongKey, junk]) {
      expect(log).not.toContain(jwe);
      expect(log).not.toContain(jwe.split('.')[3]);
    }
  });
});

describe('account e-mails', () => {
  it('activated, blocked, closed and permissions-granted e-mails arrive through the same path', async () => {
    const meta = { source: 'registration', correlationId: 'it-account-emails' };
    const name = { firstName: 'Jan', lastName: 'Nowak' };
    const events = [
      createEvent(
        RegistrationEvents.accountActivated,
        {
          userId: 'u-act',
          login: 'jnowak-act',
          email: 'jan.activated@example.test',
          name,
          unit: { id: 'unit-1', name: 'MOPR w Kielcach' },
          grants: [{ area: 'PS', subArea: 'sprawozdania-resortowe' }],
        },
        meta,
      ),
      createEvent(
        RegistrationEvents.accountBlocked,
        { userId: 'u-blk', login: 'jnowak-blk', email: 'jan.blocked@example.test', failedAttempts: 5, blockedAt: new Date().toISOString() },
        meta,
      ),
      createEvent(
        RegistrationEvents.accountClosed,
        {
          userId: 'u-cls',
          login: 'jnowak-cls',
          email: 'jan.closed@example.test',
          name,
          // Closed by an administrator, not after a rejected application (that one is told by the rejection e-mail).
          reason: 'Brak podpisu kierownika.',
        },
        meta,
      ),
      createEvent(
        RegistrationEvents.permissionsGranted,
        { requestId: 'r-1', userId: 'u-act', email: 'jan.granted@example.test', grants: [{ area: 'SR', subArea: 'swiadczenia-rodzinne' }] },
        meta,
      ),
    ];
    for (const e of events) await publisher.publish(e);

    const read = async (to: string) => sys.mailpit.message((await sys.mailpit.waitForOne(`to:${to}`)).ID);

    const act = await read('jan.activated@example.test');
    expect(act.Subject).toBe('Konto w CAS jest aktywne (login: jnowak-act)');
    expect(act.Text).toContain('Login: jnowak-act');
    expect(act.Text).toContain('Jednostka: MOPR w Kielcach');
    expect(act.Text).toContain('Pomoc Społeczna (PS): sprawozdania-resortowe');
    expect(act.Text).toMatch(/http:\/\/localhost:\d+\/logowanie/);
    expect(act.MessageID).toMatch(/\.account-activated@/);

    const blk = await read('jan.blocked@example.test');
    expect(blk.Subject).toBe('Konto zablokowane po 5 nieudanych próbach logowania (login: jnowak-blk)');
    expect(blk.Text).toContain('„Przypomnij hasło”');
    expect(blk.Text).toMatch(/http:\/\/localhost:\d+\/przypomnij-haslo/);
    expect(blk.HTML).toMatch(/href="http:\/\/localhost:\d+\/przypomnij-haslo"/);

    const cls = await read('jan.closed@example.test');
    expect(cls.Text).toContain('Brak podpisu kierownika.');
    expect(cls.Text).toMatch(/\/rejestracja/);

    const grt = await read('jan.granted@example.test');
    expect(grt.Subject).toBe('Przyznano nowe uprawnienia w CAS');
    expect(grt.Text).toContain('Świadczenia Rodzinne (SR): swiadczenia-rodzinne');

    for (const e of events) await waitFor(`${e.type} sent`, async () => (await deliveryFor(e.id))?.status === 'sent');
  });
});
