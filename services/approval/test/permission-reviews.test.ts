import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ApprovalEvents } from '@cas/contracts';
import {
  approvedAccount,
  permissionReviewListed,
  repoRoot,
  MATRIX_CSRF,
  roleClient,
  type MatrixRole,
  type RoleClient,
  sampleApplication,
  startSystem,
  storedMessages,
  waitFor,
  type System,
} from '@cas/testing';

/**
 * Permission reviews (issue #6 step 5) against the real services: a user's request made through registration,
 * the queue of its voivodeship with the user's grants now, tenancy and roles on every endpoint and page, one
 * decision wins, and registration applies the grant.
 */
let sys: System;
let mongo: MongoClient;
let nc: NatsConnection;
let api: string;
let reg: string;
type Who = MatrixRole;
let matrix: RoleClient;
let cookies: Record<Who, string>;
let user14Cookie = '';
const PASSWORD = sampleApplication('x').user.password;
const CSRF = MATRIX_CSRF;
const call = (method: string, path: string, who: Who, body?: unknown) => matrix.call(method, path, who, body);
const page = (method: string, path: string, who: Who, form?: Record<string, string>) => matrix.page(method, path, who, form);

async function login(loginName: string): Promise<string> {
  const res = await fetch(`${reg}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: loginName, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return /cas_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0] ?? '';
}

/** "Wnioskuj o rozszerzenie uprawnień" through registration's API; resolves once approval's queue has it. */
async function requestPermission(cookie: string, area: string, subArea: string): Promise<string> {
  const res = await fetch(`${reg}/api/v1/permission-requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ subAreas: [{ area, subArea }], justification: 'Nowe obowiązki sprawozdawcze od stycznia.' }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const { id } = (await res.json()) as { id: string };
  await permissionReviewListed(mongo, id);
  return id;
}

const approvalEventsOf = async (requestId: string) =>
  (await storedMessages(nc, 'APPROVAL')).filter((m) => m.subject.startsWith('approval.permission-request.') && m.text.includes(requestId));

interface Summary {
  requestId: string;
  status: string;
  user: { login: string };
  subAreas: { area: string; subArea: string }[];
  currentGrants: { unitName: string | null; area: string; subArea: string }[];
}

beforeAll(async () => {
  sys = await startSystem({
    services: ['registration', 'approval'],
    env: { registration: { LOGIN_RATE_PER_IP_PER_MINUTE: '1000' } },
  });
  api = sys.service('approval').baseUrl;
  reg = sys.service('registration').baseUrl;
  mongo = await MongoClient.connect(sys.infra.mongoUrl);
  nc = await connect({ servers: sys.infra.natsUrl });
  matrix = await roleClient(sys, mongo, nc, 'perm', api);
  cookies = matrix.cookies;
  const ctx = { registrationUrl: reg, mongo, nc };
  const app14 = sampleApplication('permuser14');
  await approvedAccount(ctx, { ...app14, unit: { ...app14.unit, teryt: '1465011' } });
  user14Cookie = await login(app14.user.login);
});
afterAll(async () => {
  await nc?.close();
  await mongo?.close();
  await sys?.stop();
});

describe('permission reviews', () => {
  it("a user's request reaches the queue of its voivodeship only, with the grants the user holds now", async () => {
    const id = await requestPermission(cookies.user, 'SR', 'swiadczenia-rodzinne');
    const list = async (who: Who, query = '') => {
      const res = await call('GET', `/api/v1/permission-reviews${query}`, who);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      return (await res.json()) as { items: Summary[]; counts: Record<string, number>; next: string | null };
    };
    const mine = (await list('admin26')).items.find((i) => i.requestId === id);
    expect(mine).toMatchObject({
      status: 'pending',
      user: { login: sampleApplication('permuser').user.login },
      subAreas: [{ area: 'SR', subArea: 'swiadczenia-rodzinne' }],
      currentGrants: [{ unitName: sampleApplication('permuser').unit.name, area: 'PS', subArea: 'sprawozdania-resortowe' }],
    });
    expect((await list('admin26')).counts.pending).toBeGreaterThanOrEqual(1);
    expect((await list('admin14')).items.map((i) => i.requestId)).not.toContain(id);
    expect((await list('central')).items.map((i) => i.requestId)).toContain(id);
    expect((await list('central', '?voivodeship=14')).items.map((i) => i.requestId)).not.toContain(id);
    // The token decides the scope, not the query.
    expect((await list('admin14', '?voivodeship=26')).items.map((i) => i.requestId)).not.toContain(id);

    const queue = await page('GET', '/uprawnienia', 'admin26');
    expect(queue.status).toBe(200);
    expect(queue.headers.get('cache-control')).toBe('no-store');
    const text = await queue.text();
    expect(text).toContain(`/uprawnienia/${id}`);
    expect(text).toContain(sampleApplication('permuser').user.login);
    expect(text).toContain('SR — swiadczenia-rodzinne');
    expect(text).toContain('PS — sprawozdania-resortowe');
    expect(text).toContain('href="/uprawnienia"'); // the menu link

    // Strict input: unknown keys, bad statuses and cursors are 400.
    for (const q of ['?foo=1', '?status=nowy', '?after=%25%25', '?limit=101'])
      expect((await call('GET', `/api/v1/permission-reviews${q}`, 'central')).status, q).toBe(400);
  });

  it('authorization matrix: the 4 API endpoints and 2 pages × anonymous, user, admin of 26, admin of 14, central', async () => {
    const toApprove = await requestPermission(cookies.user, 'FA', 'fundusz-alimentacyjny');
    const toReject = await requestPermission(cookies.user, 'KDR', 'karta-duzej-rodziny');
    const foreign = await requestPermission(user14Cookie, 'PS', 'ocena-zasobow');
    const R = '/api/v1/permission-reviews';
    // Cells run in the order written: the first admin allowed to decide wins, the next one gets 409.
    const apiCells: [string, string, unknown, Partial<Record<Who, number>>][] = [
      ['GET', R, undefined, { anonymous: 401, user: 403, admin26: 200, admin14: 200, central: 200 }],
      ['GET', `${R}/${toApprove}`, undefined, { anonymous: 401, user: 403, admin26: 200, admin14: 404, central: 200 }],
      ['GET', `${R}/${foreign}`, undefined, { anonymous: 401, user: 403, admin26: 404, admin14: 200, central: 200 }],
      ['POST', `${R}/${toApprove}/approve`, undefined, { anonymous: 401, user: 403, admin14: 404, admin26: 200, central: 409 }],
      [
        'POST',
        `${R}/${toReject}/reject`,
        { reason: 'Brak podstaw' },
        { anonymous: 401, user: 403, admin14: 404, central: 200, admin26: 409 },
      ],
    ];
    for (const [method, path, body, byWho] of apiCells)
      for (const who of Object.keys(byWho) as Who[]) {
        const res = await call(method, path, who, body);
        expect(res.status, `${method} ${path} as ${who}`).toBe(byWho[who]);
        if (res.status === 200) expect(res.headers.get('cache-control')).toBe('no-store');
      }

    const viaPage = await requestPermission(cookies.user, 'PS', 'programy-oslonowe');
    const confirm = { _csrf: CSRF, confirm: 'tak' };
    const pageCells: [string, string, Record<string, string> | undefined, Partial<Record<Who, number>>][] = [
      ['GET', '/uprawnienia', undefined, { anonymous: 401, user: 403, admin26: 200, admin14: 200, central: 200 }],
      ['GET', `/uprawnienia/${viaPage}`, undefined, { anonymous: 401, user: 403, admin26: 200, admin14: 404, central: 200 }],
      ['GET', `/uprawnienia/${foreign}`, undefined, { anonymous: 401, user: 403, admin26: 404, admin14: 200, central: 200 }],
      // Without the CSRF token nobody gets past the form check, whoever they are.
      [
        'POST',
        `/uprawnienia/${viaPage}/zatwierdz`,
        { confirm: 'tak' },
        { anonymous: 403, user: 403, admin26: 403, admin14: 403, central: 403 },
      ],
      ['POST', `/uprawnienia/${viaPage}/odrzuc`, { reason: 'x' }, { anonymous: 403, user: 403, admin26: 403, admin14: 403, central: 403 }],
      ['POST', `/uprawnienia/${viaPage}/zatwierdz`, confirm, { anonymous: 401, user: 403, admin14: 404, admin26: 303, central: 409 }],
    ];
    for (const [method, path, form, byWho] of pageCells)
      for (const who of Object.keys(byWho) as Who[]) {
        const res = await page(method, path, who, form);
        expect(res.status, `${method} ${path} as ${who}`).toBe(byWho[who]);
        if (res.status === 401) expect(await res.text()).toContain('Przejdź do logowania');
        if (res.status === 200) {
          expect(res.headers.get('cache-control')).toBe('no-store');
          expect(res.headers.get('content-type')).toContain('text/html');
        }
        if (res.status === 303) expect(res.headers.get('location')).toBe('/uprawnienia?ok=zatwierdzony');
      }
    for (const [id, subject] of [
      [toApprove, 'approval.permission-request.approved.v1'],
      [toReject, 'approval.permission-request.rejected.v1'],
    ] as const) {
      await waitFor('decision event', async () => (await approvalEventsOf(id)).length > 0);
      expect((await approvalEventsOf(id)).map((e) => e.subject)).toEqual([subject]);
    }
    const detail = await page('GET', `/uprawnienia/${foreign}`, 'central');
    expect(await detail.text()).toContain('name="_csrf"');
    const decided = (await (await call('GET', `${R}/${viaPage}`, 'central')).json()) as Summary;
    expect(decided.status).toBe('approved');
  });

  it('two admins approve at once: one 200, one 409, one event; registration applies the grant', async () => {
    const id = await requestPermission(cookies.user, 'OP-3', 'opieka-do-lat-3');
    const results = await Promise.all([
      call('POST', `/api/v1/permission-reviews/${id}/approve`, 'admin26'),
      call('POST', `/api/v1/permission-reviews/${id}/approve`, 'central', { reason: 'Zgoda kierownika.' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = (await results.find((r) => r.status === 409)!.json()) as { code: string; detail: string };
    expect(loser.code).toBe('APPROVAL.PERMISSION_ALREADY_DECIDED');
    expect(loser.detail).toMatch(/zdecydowano już/);

    await waitFor('approved event', async () => (await approvalEventsOf(id)).length > 0);
    await new Promise((r) => setTimeout(r, 500)); // a second event, were there one, would be published by now
    const events = await approvalEventsOf(id);
    expect(events.map((e) => e.subject)).toEqual(['approval.permission-request.approved.v1']);
    ApprovalEvents.permissionRequestApproved.data.parse((JSON.parse(events[0]!.text) as { data: unknown }).data);
    const audit = await mongo
      .db('cas_approval')
      .collection('permission_decisions')
      .findOne({ _id: id as never });
    expect(audit).toMatchObject({ outcome: 'approved', voivodeship: '26' });
    expect(audit?.decidedByLogin).toMatch(/^admin-/);
    expect(audit?.ip).toBeTruthy();

    await waitFor('registration granted the sub-area', async () =>
      (await storedMessages(nc, 'REGISTRATION')).some((m) => m.subject === 'registration.permissions.granted.v1' && m.text.includes(id)),
    );
    const account = (await (await fetch(`${reg}/api/v1/account`, { headers: { cookie: cookies.user } })).json()) as {
      grants: { area: string; subArea: string }[];
    };
    expect(account.grants).toContainEqual(expect.objectContaining({ area: 'OP-3', subArea: 'opieka-do-lat-3' }));
    // Approval's view of the user's grants follows registration's event.
    await waitFor('approval sees the new grant', async () => {
      const r = (await (await call('GET', `/api/v1/permission-reviews/${id}`, 'admin26')).json()) as Summary;
      return r.status === 'approved' && r.currentGrants.some((g) => g.area === 'OP-3' && g.subArea === 'opieka-do-lat-3');
    });
  });

  it('reject needs a reason (400 with a Polish message by the field, API and page); then registration closes the request', async () => {
    const id = await requestPermission(cookies.user, 'WRiSPZ', 'wspieranie-rodziny');
    const R = `/api/v1/permission-reviews/${id}`;
    for (const body of [{}, { reason: '   ' }, { reason: 'x'.repeat(2001) }, { reason: 'ok', extra: 1 }]) {
      const res = await call('POST', `${R}/reject`, 'admin26', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const problem = (await res.json()) as { errors: { field: string; message: string }[] };
      expect(problem.errors[0]?.field).toBe('extra' in body ? 'extra' : 'reason');
    }
    const missing = (await (await call('POST', `${R}/reject`, 'admin26', {})).json()) as { errors: { message: string }[] };
    expect(missing.errors[0]?.message).toBe('Podaj powód odrzucenia wniosku.');
    // A form body is not JSON: 415.
    expect(
      (
        await fetch(`${api}${R}/reject`, {
          method: 'POST',
          headers: { cookie: cookies.admin26, 'content-type': 'application/x-www-form-urlencoded' },
          body: 'reason=x',
        })
      ).status,
    ).toBe(415);

    const noReason = await page('POST', `/uprawnienia/${id}/odrzuc`, 'admin26', { _csrf: CSRF, reason: '' });
    expect(noReason.status).toBe(400);
    const noReasonHtml = await noReason.text();
    expect(noReasonHtml).toMatch(/id="powod-blad"[^>]*>Podaj powód odrzucenia wniosku\.</);
    expect(noReasonHtml).toContain('aria-describedby="powod-blad"');
    const noConfirm = await page('POST', `/uprawnienia/${id}/zatwierdz`, 'admin26', { _csrf: CSRF, reason: 'Uwagi <b>' });
    expect(noConfirm.status).toBe(400);
    const noConfirmHtml = await noConfirm.text();
    expect(noConfirmHtml).toContain('id="potwierdzam-blad"');
    expect(noConfirmHtml).toContain('Uwagi &lt;b&gt;</textarea>'); // what was typed stays, escaped
    expect(await approvalEventsOf(id)).toEqual([]);

    const rejected = await page('POST', `/uprawnienia/${id}/odrzuc`, 'admin26', {
      _csrf: CSRF,
      reason: 'Jednostka nie prowadzi tych zadań.',
    });
    expect(rejected.status).toBe(303);
    expect(rejected.headers.get('location')).toBe('/uprawnienia?ok=odrzucony');
    const after = await page('GET', '/uprawnienia?ok=odrzucony&status=rejected', 'admin26');
    expect(await after.text()).toContain('Wniosek o uprawnienia odrzucony.');
    await waitFor('rejected event', async () => (await approvalEventsOf(id)).length > 0);
    const [event] = await approvalEventsOf(id);
    expect(event?.subject).toBe('approval.permission-request.rejected.v1');
    expect((JSON.parse(event!.text) as { data: { reason: string } }).data.reason).toBe('Jednostka nie prowadzi tych zadań.');
    await waitFor('registration closed the request', async () => {
      const mine = (await (await fetch(`${reg}/api/v1/permission-requests`, { headers: { cookie: cookies.user } })).json()) as {
        items: { id: string; status: string }[];
      };
      return mine.items.find((r) => r.id === id)?.status === 'rejected';
    });
  });

  it('the queue pages with a cursor, oldest first, and counts per status', async () => {
    const all = (await (await call('GET', '/api/v1/permission-reviews?limit=100', 'central')).json()) as {
      items: (Summary & { submittedAt: string })[];
      counts: { pending: number; approved: number; rejected: number };
    };
    expect(all.items.length).toBeGreaterThanOrEqual(7);
    const times = all.items.map((i) => i.submittedAt);
    expect([...times].sort()).toEqual(times);
    expect(all.counts.pending + all.counts.approved + all.counts.rejected).toBe(all.items.length);
    expect(all.counts.rejected).toBeGreaterThanOrEqual(2);
    const seen: string[] = [];
    let next: string | null = '';
    while (next !== null) {
      const p = (await (await call('GET', `/api/v1/permission-reviews?limit=2${next ? `&after=${next}` : ''}`, 'central')).json()) as {
        items: Summary[];
        next: string | null;
      };
      seen.push(...p.items.map((i) => i.requestId));
      next = p.next;
    }
    expect(seen).toEqual(all.items.map((i) => i.requestId));
    const pending = (await (await call('GET', '/api/v1/permission-reviews?status=pending', 'central')).json()) as { items: Summary[] };
    expect(pending.items.length).toBe(all.counts.pending);
    expect(pending.items.every((i) => i.status === 'pending')).toBe(true);
  });

  it("permission reviews and users' grants rebuilt from the streams equal the live ones", async () => {
    const read = (db: string, collection: string) =>
      mongo
        .db(db)
        .collection(collection)
        .find({}, { projection: { updatedAt: 0 } })
        .sort({ _id: 1 })
        .toArray();
    const out = spawnSync(
      process.execPath,
      [join(repoRoot(), 'services/approval/dist/cli/rebuild-read-model.js'), '--into', 'cas_approval_rebuild_permissions'],
      { env: { ...process.env, MONGO_URL: sys.infra.mongoUrl, NATS_URL: sys.infra.natsUrl, LOG_LEVEL: 'warn' }, encoding: 'utf8' },
    );
    expect(out.status, out.stderr).toBe(0);
    const rebuilt = {
      reviews: await read('cas_approval_rebuild_permissions', 'permission_reviews'),
      grants: await read('cas_approval_rebuild_permissions', 'user_grants'),
    };
    expect(rebuilt.reviews.length).toBeGreaterThanOrEqual(7);
    expect(rebuilt.grants.some((g) => (g.granted as unknown[]).length > 0)).toBe(true);
    // The live consumers may still be applying the last events; the streams are the truth.
    await waitFor(
      'live read model equals the rebuilt one',
      async () => {
        expect(await read('cas_approval', 'permission_reviews')).toEqual(rebuilt.reviews);
        expect(await read('cas_approval', 'user_grants')).toEqual(rebuilt.grants);
        return true;
      },
      10_000,
    );
    expect(await read('cas_approval', 'permission_reviews')).toEqual(rebuilt.reviews);
    expect(await read('cas_approval', 'user_grants')).toEqual(rebuilt.grants);
  });
});
