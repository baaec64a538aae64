import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapFlow } from 'imapflow';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { MongoClient } from 'mongodb';
import { sampleApplication, scannedPage, scannerPdf, startDovecot, startSystem, waitFor, type ImapServer, type System } from '@cas/testing';

/** The e-mail (IMAP, a real Dovecot) and hot-folder channels, with real crashes between storing and acknowledging. */
let sys: System;
let imap: ImapServer;
let mongo: MongoClient;
let dir: string;
let hot: string;
const USER = 'kancelaria@uw.example';
const PASSWORD = 'tajne-haslo-skrzynki';

const imapClient = () =>
  new ImapFlow({ host: imap.host, port: imap.port, secure: false, auth: { user: USER, pass: PASSWORD }, logger: false });

async function deliver(mail: ConstructorParameters<typeof MailComposer>[0]): Promise<void> {
  const raw = await new MailComposer(mail).compile().build();
  const c = imapClient();
  await c.connect();
  await c.append('INBOX', raw);
  await c.logout();
}

async function flagsOf(subject: string): Promise<string[][]> {
  const c = imapClient();
  await c.connect();
  const lock = await c.getMailboxLock('INBOX');
  const out: string[][] = [];
  try {
    for await (const m of c.fetch('1:*', { envelope: true, flags: true }))
      if (m.envelope?.subject === subject) out.push([...(m.flags ?? [])]);
  } finally {
    lock.release();
    await c.logout();
  }
  return out;
}

async function application(tag: string) {
  const res = await fetch(`${sys.service('registration').baseUrl}/api/v1/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(sampleApplication(tag)),
  });
  const app = (await res.json()) as { id: string; number: string; verificationCode: string };
  await waitFor(
    'intake knows the application',
    async () => (await mongo.db('cas_intake').collection('open_applications').findOne({ number: app.number })) !== null,
  );
  return app;
}

const scansWhere = (filter: Record<string, unknown>) => mongo.db('cas_intake').collection('scans').find(filter).toArray();

async function restartIntake(faults: string) {
  const intake = sys.service('document-intake');
  intake.spec.env = { ...intake.spec.env, CAS_FAULT_POINTS: faults };
  await intake.restart();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cas-channels-'));
  hot = join(dir, 'skaner-26');
  imap = await startDovecot(join(dir, 'dovecot'), { [USER]: PASSWORD });
  sys = await startSystem({
    services: ['registration', 'document-intake'],
    env: {
      'document-intake': {
        INTAKE_MAILBOXES: JSON.stringify([
          { voivodeship: '26', host: imap.host, port: imap.port, secure: false, user: USER, password: PASSWORD },
        ]),
        MAILBOX_POLL_EVERY_MS: '700',
        INTAKE_HOT_FOLDERS: JSON.stringify([{ voivodeship: '26', path: hot }]),
        HOT_FOLDER_POLL_EVERY_MS: '400',
        HOT_FOLDER_SETTLE_MS: '300',
        SCAN_MAX_FILE_BYTES: String(2 * 1024 * 1024),
        SCAN_JOB_LOCK_MS: '3000',
      },
    },
  });
  mongo = await MongoClient.connect(sys.infra.mongoUrl);
});
afterAll(async () => {
  await mongo?.close();
  await sys?.stop();
  await imap?.stop();
  if (!process.env.CAS_KEEP_TEST_DIRS) rmSync(dir, { recursive: true, force: true });
});

describe('e-mail channel (IMAP)', () => {
  it('every attachment becomes a scan with sender, subject and body; the message is flagged after', async () => {
    const app = await application('imap1');
    const subject = `Wniosek rejestracyjny ${app.number}`;
    await deliver({
      from: 'MOPR Kielce <sekretariat@mopr.kielce.example>',
      to: USER,
      subject,
      text: 'W załączeniu podpisany formularz i pismo przewodnie.',
      attachments: [
        { filename: 'formularz.jpg', content: await scannedPage(`CAS1|${app.number}|${app.verificationCode}`, { quality: 70 }) },
        { filename: 'pismo.pdf', content: await scannerPdf([{ jpeg: await scannedPage(null, { quality: 60 }) }]) },
      ],
    });
    let scans: Awaited<ReturnType<typeof scansWhere>> = [];
    await waitFor(
      'both scans decided',
      async () => (scans = await scansWhere({ subject })).length === 2 && scans.every((s) => s.status !== 'queued'),
      30_000,
      200,
    );
    const byName = Object.fromEntries(scans.map((s) => [s.fileName as string, s]));
    expect(byName['formularz.jpg']).toMatchObject({
      channel: 'email',
      status: 'matched',
      matchedBy: 'qr',
      verified: true,
      voivodeship: '26',
    });
    expect(byName['pismo.pdf']).toMatchObject({ status: 'matched', matchedBy: 'text', verified: false, applicationNumber: app.number });
    expect(byName['formularz.jpg']!.sender).toContain('sekretariat@mopr.kielce.example');
    expect(byName['formularz.jpg']!.body).toContain('podpisany formularz');
    await waitFor('flagged', async () => (await flagsOf(subject))[0]?.includes('$CasIntake') ?? false);
    expect((await flagsOf(subject))[0]).toEqual(expect.arrayContaining(['\\Seen', '$CasIntake']));
  });

  it('killed after storing, before flagging: re-read after the restart without a duplicate scan', { timeout: 120_000 }, async () => {
    await restartIntake('intake.mailbox.before-flag');
    const intake = sys.service('document-intake');
    const exited = intake.waitExit();
    const subject = 'Skan bez kodu (awaria)';
    await deliver({
      from: 'gops@gmina.example',
      to: USER,
      subject,
      text: 'skan',
      attachments: [{ filename: 'skan.png', content: await scannedPage(null, { format: 'png' }) }],
    });
    await exited;
    expect(intake.running).toBe(false);
    expect(await scansWhere({ subject })).toHaveLength(1); // stored before the crash
    await restartIntake('');
    // The crashed poll holds the one poll slot until its lock (10 s) expires and the stalled check frees it.
    await waitFor('flagged after the restart', async () => (await flagsOf(subject))[0]?.includes('$CasIntake') ?? false, 60_000, 250);
    const scans = await scansWhere({ subject });
    expect(scans).toHaveLength(1);
    await waitFor('decided', async () => (await scansWhere({ subject }))[0]?.status === 'unmatched');
  });
});

describe('hot folder', () => {
  it('a dropped file is stored, then moved to done/; temporary names wait; too large goes to failed/', async () => {
    const app = await application('hot1');
    const page = await scannedPage(`CAS1|${app.number}|${app.verificationCode}`, { quality: 66 });
    writeFileSync(join(hot, 'skan-001.jpg.part'), page);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(existsSync(join(hot, 'skan-001.jpg.part'))).toBe(true); // still "being written": untouched
    renameSync(join(hot, 'skan-001.jpg.part'), join(hot, 'skan-001.jpg'));
    writeFileSync(join(hot, 'za-duzy.pdf'), Buffer.alloc(2 * 1024 * 1024 + 1, 0x25));
    await waitFor('moved to done/', async () => existsSync(join(hot, 'done', 'skan-001.jpg')), 20_000, 200);
    await waitFor('moved to failed/', async () => existsSync(join(hot, 'failed', 'za-duzy.pdf')), 20_000, 200);
    let scans: Awaited<ReturnType<typeof scansWhere>> = [];
    await waitFor('matched', async () => (scans = await scansWhere({ fileName: 'skan-001.jpg' }))[0]?.status === 'matched');
    expect(scans).toHaveLength(1);
    expect(scans[0]).toMatchObject({ channel: 'hot-folder', matchedBy: 'qr', verified: true });
    expect(await scansWhere({ fileName: 'za-duzy.pdf' })).toHaveLength(0);
  });

  it('killed after storing, before moving: stored once, moved after the restart', { timeout: 120_000 }, async () => {
    await restartIntake('intake.hot-folder.before-move');
    const intake = sys.service('document-intake');
    const exited = intake.waitExit();
    writeFileSync(join(hot, 'awaria.jpg'), await scannedPage(null, { quality: 62 }));
    await exited;
    expect(existsSync(join(hot, 'awaria.jpg'))).toBe(true);
    await restartIntake('');
    await waitFor('moved to done/', async () => existsSync(join(hot, 'done', 'awaria.jpg')), 60_000, 250);
    expect(await scansWhere({ fileName: 'awaria.jpg' })).toHaveLength(1);
    expect(readdirSync(hot).filter((f) => !['done', 'failed'].includes(f))).toEqual([]);
  });
});
