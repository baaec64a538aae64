import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  activeUserId,
  MATRIX_ROLES,
  roleClient,
  type MatrixRole,
  type RoleClient,
  createMailroomKey,
  readyForReview,
  sampleApplication,
  scannedPage,
  settled,
  startSystem,
  uploadScans,
  waitFor,
  type System,
} from '@cas/testing';
import { auditCsv, csvCell } from '../src/domain/audit.js';

/** The audit against the real services: admin actions and registration's account events, scoped, as CSV. */
let sys: System;
let mongo: MongoClient;
let nc: NatsConnection;
let matrix: RoleClient;
const ROLES = MATRIX_ROLES;
type Role = MatrixRole;
let api: string;
let admin26Login = '';

const get = (path: string, who: Role) =>
  fetch(`${api}${path}`, {
    headers: { accept: 'text/html,application/json', ...(matrix.cookies[who] ? { cookie: matrix.cookies[who] } : {}) },
  });
type Entry = { kind: string; actor: string; subject: string; voivodeship: string | null; details: string; ip: string | null };
const entries = async (who: Role, query = '') => ((await (await get(`/api/v1/audit${query}`, who)).json()) as { entries: Entry[] }).entries;

beforeAll(async () => {
  sys = await startSystem({
    services: ['registration', 'document-intake', 'approval'],
    env: { registration: { LOGIN_RATE_PER_IP_PER_MINUTE: '1000' } },
  });
  api = sys.service('approval').baseUrl;
  mongo = await MongoClient.connect(sys.infra.mongoUrl);
  nc = await connect({ servers: sys.infra.natsUrl });
  matrix = await roleClient(sys, mongo, nc, 'audit', api);
  admin26Login = matrix.logins.admin26;
});
afterAll(async () => {
  await nc?.close();
  await mongo?.close();
  await sys?.stop();
});

describe('audit', () => {
  it('shows a decision, the activation and the block of the account it made, a scan set aside — in its voivodeship only; CSV', async () => {
    const reg = sys.service('registration').baseUrl;
    const a = await readyForReview(sys, mongo, 'audit26', { teryt: '2661011', voivodeship: '26' });
    const approve = await fetch(`${api}/api/v1/review-items/${a.id}/approve`, {
      method: 'POST',
      headers: { cookie: matrix.cookies.admin26 },
    });
    expect(approve.status).toBe(200);
    const login = sampleApplication('audit26').user.login;
    await activeUserId(mongo, login);
    for (let i = 0; i < 5; i++)
      await fetch(`${reg}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login, password: 'zupełnie-złe-hasło-123' }),
      });

    const key = (await createMailroomKey(sys.infra, '26')).apiKey;
    const intake = sys.service('document-intake').baseUrl;
    const up = await uploadScans(intake, key, [{ name: 'x.jpg', bytes: await scannedPage(null, { quality: 60 }) }]);
    const scanId = ((await up.json()) as { scanId: string }).scanId;
    expect((await settled(intake, key, scanId)).status).toBe('unmatched');
    await waitFor(
      'in the inbox',
      async () =>
        (await mongo
          .db('cas_approval')
          .collection('unmatched_scans')
          .findOne({ _id: scanId as never })) !== null,
    );
    const dismiss = await fetch(`${api}/api/v1/scans/${scanId}/dismiss`, {
      method: 'POST',
      headers: { cookie: matrix.cookies.admin26, 'content-type': 'application/json' },
      body: JSON.stringify({ note: '=HYPERLINK("http://zly.example")' }),
    });
    expect(dismiss.status).toBe(200);

    await waitFor('account events in the audit', async () => {
      const kinds = (await entries('admin26')).map((e) => e.kind);
      return kinds.includes('account.activated') && kinds.includes('account.blocked');
    });
    const mine = await entries('admin26');
    expect(mine.find((e) => e.kind === 'application.approved' && e.subject === a.number)).toMatchObject({
      actor: admin26Login,
      voivodeship: '26',
    });
    expect(mine.find((e) => e.kind === 'application.approved')?.ip).toBeTruthy();
    expect(mine.find((e) => e.kind === 'account.blocked' && e.subject === login)).toMatchObject({ actor: 'system', voivodeship: '26' });
    expect(mine.find((e) => e.kind === 'scan.dismissed' && e.subject === scanId)).toMatchObject({ actor: admin26Login });
    // Newest first.
    expect(mine.findIndex((e) => e.kind === 'scan.dismissed')).toBeLessThan(mine.findIndex((e) => e.kind === 'application.approved'));

    expect((await entries('admin14')).some((e) => e.subject === a.number || e.subject === login)).toBe(false);
    expect((await entries('central')).some((e) => e.subject === a.number)).toBe(true);
    expect((await entries('central', '?voivodeship=14')).some((e) => e.subject === a.number)).toBe(false);
    expect((await entries('admin26', '?group=decyzje')).every((e) => e.kind.startsWith('application.'))).toBe(true);
    expect((await entries('admin26', `?actor=${login}`)).map((e) => e.subject)).toEqual(expect.arrayContaining([login]));
    expect((await entries('admin26', `?actor=${login}`)).some((e) => e.kind === 'scan.dismissed')).toBe(false);

    const csv = await get('/api/v1/audit?format=csv', 'admin26');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="audyt-/);
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toBe('czas (UTC),rodzaj,kto,województwo,czego dotyczy,szczegóły,adres IP');
    expect(text).toContain(a.number);
    expect(text).toContain(`"'=HYPERLINK(""http://zly.example"")"`);

    const html = await (await get('/audyt?group=&actor=', 'admin26')).text();
    expect(html).toContain('wniosek zatwierdzony');
    expect(html).toContain(a.number);
  });

  it('who may read it, and bad filters are 400 with the field named', async () => {
    const expected: Record<Role, number> = { anonymous: 401, user: 403, admin26: 200, admin14: 200, central: 200 };
    for (const path of ['/api/v1/audit', '/audyt'])
      for (const who of ROLES) {
        const res = await get(path, who);
        expect(res.status, `${path} as ${who}`).toBe(expected[who]);
        if (res.status === 200) expect(res.headers.get('cache-control')).toBe('no-store');
      }
    const reversed = await get('/api/v1/audit?from=2026-05-02&to=2026-05-01', 'admin26');
    expect(reversed.status).toBe(400);
    expect(((await reversed.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe('from');
    expect((await get('/api/v1/audit?from=2020-01-01&to=2026-01-01', 'admin26')).status).toBe(400);
    expect((await get('/api/v1/audit?group=wszystko', 'admin26')).status).toBe(400);
    expect((await get('/api/v1/audit?cokolwiek=1', 'admin26')).status).toBe(400);
  });
});

describe('audit CSV', () => {
  it('quotes what needs quoting and neutralises formulas', () => {
    expect(csvCell('zwykły tekst')).toBe('zwykły tekst');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('powiedział "tak"')).toBe('"powiedział ""tak"""');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('wiersz\ndrugi')).toBe('"wiersz\ndrugi"');
    const csv = auditCsv([
      {
        at: new Date('2026-01-02T03:04:05Z'),
        kind: 'scan.dismissed',
        actor: 'adm',
        voivodeship: '26',
        subject: 's',
        details: 'd',
        ip: null,
      },
    ]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.split('\r\n')[1]).toBe('2026-01-02T03:04:05.000Z,skan odłożony jako niezwiązany,adm,26,s,d,');
  });
});
