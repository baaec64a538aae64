import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ApprovalEvents } from '@cas/contracts';
import {
  createMailroomKey,
  MATRIX_CSRF,
  MATRIX_ROLES,
  roleClient,
  type MatrixRole,
  type RoleClient,
  sampleApplication,
  scannedPage,
  settled,
  startSystem,
  storedMessages,
  uploadScans,
  waitFor,
  type System,
} from '@cas/testing';

/** The unmatched-scans inbox against the real services: tenancy, assign (one winner, through intake), set aside. */
let sys: System;
let mongo: MongoClient;
let nc: NatsConnection;
let matrix: RoleClient;
const ROLES = MATRIX_ROLES;
type Role = MatrixRole;
const CSRF = MATRIX_CSRF;
const call = (method: string, path: string, who: Role, body?: unknown) => matrix.call(method, path, who, body);
const page = (method: string, path: string, who: Role, form?: Record<string, string>) => matrix.page(method, path, who, form);

/** A scan the mailroom of `voivodeship` posts without any code on it: intake leaves it unmatched. */
async function unmatchedScan(voivodeship: string, subject: string): Promise<string> {
  const intake = sys.service('document-intake').baseUrl;
  const key = (await createMailroomKey(sys.infra, voivodeship)).apiKey;
  const upload = await uploadScans(intake, key, [{ name: 'pismo.jpg', bytes: await scannedPage(null, { quality: 70, noise: 3 }) }], {
    channel: 'email',
    sender: 'kancelaria@urzad.example',
    subject,
  });
  const { scanId } = (await upload.json()) as { scanId: string };
  expect((await settled(intake, key, scanId)).status).toBe('unmatched');
  await waitFor(
    'in the inbox',
    async () =>
      (await mongo
        .db('cas_approval')
        .collection('unmatched_scans')
        .findOne({ _id: scanId as never })) !== null,
  );
  return scanId;
}

/** An application waiting for its document (no scan yet). */
async function awaitingDocument(tag: string, teryt = '2661011'): Promise<{ id: string; number: string }> {
  const app = sampleApplication(tag);
  const res = await fetch(`${sys.service('registration').baseUrl}/api/v1/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...app, unit: { ...app.unit, teryt } }),
  });
  expect(res.status).toBe(201);
  const a = (await res.json()) as { id: string; number: string };
  await waitFor(
    'in the read model',
    async () =>
      (await mongo
        .db('cas_approval')
        .collection('review_items')
        .findOne({ _id: a.id as never, number: a.number })) !== null,
  );
  return a;
}

beforeAll(async () => {
  sys = await startSystem({
    services: ['registration', 'document-intake', 'approval'],
    env: { registration: { LOGIN_RATE_PER_IP_PER_MINUTE: '1000' } },
  });
  mongo = await MongoClient.connect(sys.infra.mongoUrl);
  nc = await connect({ servers: sys.infra.natsUrl });
  matrix = await roleClient(sys, mongo, nc, 'inbox', sys.service('approval').baseUrl);
});
afterAll(async () => {
  await nc?.close();
  await mongo?.close();
  await sys?.stop();
});

describe('unmatched-scans inbox', () => {
  it('authorization matrix: API and pages × anonymous, user, admin of 26, admin of 14, central admin (own and foreign scans)', async () => {
    const own = await unmatchedScan('26', 'Pismo bez kodu 26');
    const foreign = await unmatchedScan('14', 'Pismo bez kodu 14');
    const api: [string, string, unknown, Record<Role, number>][] = [
      ['GET', '/api/v1/unmatched-scans', undefined, { anonymous: 401, user: 403, admin26: 200, admin14: 200, central: 200 }],
      ['GET', `/api/v1/unmatched-scans/${own}`, undefined, { anonymous: 401, user: 403, admin26: 200, admin14: 404, central: 200 }],
      ['GET', `/api/v1/unmatched-scans/${foreign}`, undefined, { anonymous: 401, user: 403, admin26: 404, admin14: 200, central: 200 }],
      [
        'POST',
        `/api/v1/scans/${own}/assign`,
        { applicationId: '0190d3a4-0000-7000-8000-000000000000' },
        { anonymous: 401, user: 403, admin26: 404, admin14: 404, central: 404 },
      ],
      [
        'POST',
        `/api/v1/scans/${own}/assign`,
        { applicationId: '' },
        { anonymous: 401, user: 403, admin26: 400, admin14: 400, central: 400 },
      ],
      // The one state change, last: the foreign scan set aside by its own admin; the central admin then gets 409.
      [
        'POST',
        `/api/v1/scans/${foreign}/dismiss`,
        { note: 'reklama' },
        { anonymous: 401, user: 403, admin26: 404, admin14: 200, central: 409 },
      ],
    ];
    for (const [method, path, body, byWho] of api)
      for (const who of ROLES) expect((await call(method, path, who, body)).status, `${method} ${path} as ${who}`).toBe(byWho[who]);

    const pages: [string, string, Record<string, string> | undefined, Record<Role, number>][] = [
      ['GET', '/skany-niedopasowane', undefined, { anonymous: 401, user: 403, admin26: 200, admin14: 200, central: 200 }],
      ['GET', `/skany-niedopasowane/${own}`, undefined, { anonymous: 401, user: 403, admin26: 200, admin14: 404, central: 200 }],
      ['POST', `/skany-niedopasowane/${own}/odloz`, { note: 'x' }, { anonymous: 403, user: 403, admin26: 403, admin14: 403, central: 403 }],
      [
        'POST',
        `/skany-niedopasowane/${own}/przypisz`,
        { _csrf: CSRF, applicationId: '0190d3a4-0000-7000-8000-000000000000' },
        { anonymous: 401, user: 403, admin26: 404, admin14: 404, central: 404 },
      ],
    ];
    for (const [method, path, form, byWho] of pages)
      for (const who of ROLES) {
        const res = await page(method, path, who, form);
        expect(res.status, `${method} ${path} as ${who}`).toBe(byWho[who]);
        if (res.status === 200) expect(res.headers.get('cache-control')).toBe('no-store');
      }
    const ids = async (who: Role, query = '') =>
      ((await (await call('GET', `/api/v1/unmatched-scans${query}`, who)).json()) as { items: { scanId: string }[] }).items.map(
        (i) => i.scanId,
      );
    expect(await ids('admin26')).toContain(own);
    expect(await ids('admin26')).not.toContain(foreign);
    expect(await ids('admin26', '?voivodeship=14&status=dismissed')).not.toContain(foreign);
    expect(await ids('central', '?status=dismissed')).toContain(foreign);
  });

  it('assign: two admins at once → one wins (409 for the other), one event; intake matches by manual and the item is ready for review', async () => {
    const scanId = await unmatchedScan('26', 'Wniosek bez kodu');
    const app = await awaitingDocument('assign26');
    const results = await Promise.all([
      call('POST', `/api/v1/scans/${scanId}/assign`, 'admin26', { applicationId: app.id }),
      call('POST', `/api/v1/scans/${scanId}/assign`, 'central', { applicationId: app.id }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = results.find((r) => r.status === 409)!;
    expect(((await loser.json()) as { detail: string }).detail).toMatch(/już obsłużony/);
    await waitFor('ready for review', async () => {
      const item = (await (await call('GET', `/api/v1/review-items/${app.id}`, 'admin26')).json()) as { status: string };
      return item.status === 'ready-for-review';
    });
    const events = (await storedMessages(nc, 'APPROVAL')).filter(
      (m) => m.subject === 'approval.scan.assigned.v1' && m.text.includes(scanId),
    );
    expect(events).toHaveLength(1);
    ApprovalEvents.scanAssigned.data.parse((JSON.parse(events[0]!.text) as { data: unknown }).data);
    const matched = (await storedMessages(nc, 'INTAKE')).filter((m) => m.subject === 'intake.scan.matched.v1' && m.text.includes(scanId));
    expect(JSON.parse(matched[0]!.text)).toMatchObject({ data: { matchedBy: 'manual', applicationId: app.id } });
    await waitFor('the inbox shows it matched', async () => {
      const s = (await (await call('GET', `/api/v1/unmatched-scans/${scanId}`, 'admin26')).json()) as { status: string };
      return s.status === 'matched';
    });
  });

  it('refuses with Polish messages: a closed application, another voivodeship, a rejected file; a too long note is 400', async () => {
    const scanId = await unmatchedScan('26', 'Do odrzuconego');
    const app14 = await awaitingDocument('assign14', '1465011');
    const cross = await call('POST', `/api/v1/scans/${scanId}/assign`, 'central', { applicationId: app14.id });
    expect(cross.status).toBe(409);
    expect(((await cross.json()) as { detail: string }).detail).toMatch(/innego województwa/);
    const long = await call('POST', `/api/v1/scans/${scanId}/dismiss`, 'admin26', { note: 'x'.repeat(1001) });
    expect(long.status).toBe(400);
    expect(((await long.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe('note');

    const intake = sys.service('document-intake').baseUrl;
    const key = (await createMailroomKey(sys.infra, '26')).apiKey;
    const bad = await uploadScans(intake, key, [{ name: 'zepsuty.pdf', bytes: Buffer.from('%PDF-1.7 nothing else') }]);
    const badId = ((await bad.json()) as { scanId: string }).scanId;
    await waitFor(
      'rejected in the inbox',
      async () =>
        (await mongo
          .db('cas_approval')
          .collection('unmatched_scans')
          .findOne({ _id: badId as never })) !== null,
    );
    const app = await awaitingDocument('assignbad26');
    const refused = await call('POST', `/api/v1/scans/${badId}/assign`, 'admin26', { applicationId: app.id });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/odrzucony jako nieprawidłowy/);
  });

  it('the pages: search an application, assign from the form (303 with a notice), the scan is listed as assigned', async () => {
    const scanId = await unmatchedScan('26', 'Skan z poczty');
    const app = await awaitingDocument('pageassign26');
    const search = await page('GET', `/skany-niedopasowane/${scanId}?q=${encodeURIComponent(app.number)}`, 'admin26');
    const body = await search.text();
    expect(body).toContain(app.number);
    expect(body).toContain(`value="${app.id}"`);
    const done = await page('POST', `/skany-niedopasowane/${scanId}/przypisz`, 'admin26', { _csrf: CSRF, applicationId: app.id });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/skany-niedopasowane?ok=przypisany');
    const again = await page('POST', `/skany-niedopasowane/${scanId}/przypisz`, 'admin26', { _csrf: CSRF, applicationId: app.id });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('już obsłużony');
    const missing = await page('POST', `/skany-niedopasowane/${await unmatchedScan('26', 'inny')}/przypisz`, 'admin26', { _csrf: CSRF });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('wybierz wniosek');
  });
});
