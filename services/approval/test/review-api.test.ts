import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ApprovalEvents } from '@cas/contracts';
import {
  activeUserId,
  readyForReview,
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

/** The review API against the real services: tenancy, roles, decisions through the outbox, one winner. */
let sys: System;
let mongo: MongoClient;
let nc: NatsConnection;
let matrix: RoleClient;
const call = (method: string, path: string, who: MatrixRole, body?: unknown) => matrix.call(method, path, who, body);

beforeAll(async () => {
  sys = await startSystem({
    services: ['registration', 'document-intake', 'approval'],
    env: { registration: { LOGIN_RATE_PER_IP_PER_MINUTE: '1000' } },
  });
  mongo = await MongoClient.connect(sys.infra.mongoUrl);
  nc = await connect({ servers: sys.infra.natsUrl });
  matrix = await roleClient(sys, mongo, nc, 'review', sys.service('approval').baseUrl);
});
afterAll(async () => {
  await nc?.close();
  await mongo?.close();
  await sys?.stop();
});

describe('review API', () => {
  it('authorization matrix: every endpoint × anonymous, user, admin of 26, admin of 14, central admin (own and foreign items)', async () => {
    const item = await readyForReview(sys, mongo, 'matrix26', { teryt: '2661011', voivodeship: '26' });
    const other = await readyForReview(sys, mongo, 'matrix14', { teryt: '1465011', voivodeship: '14' });
    const expectations: [string, string, unknown, Record<MatrixRole, number>][] = [
      ['GET', '/api/v1/review-items', undefined, { anonymous: 401, user: 403, admin26: 200, admin14: 200, central: 200 }],
      ['GET', `/api/v1/review-items/${item.id}`, undefined, { anonymous: 401, user: 403, admin26: 200, admin14: 404, central: 200 }],
      [
        'POST',
        `/api/v1/review-items/${item.id}/reject`,
        { reasonCode: 'nieznany' },
        { anonymous: 401, user: 403, admin26: 400, admin14: 400, central: 400 },
      ],
      [
        'POST',
        `/api/v1/review-items/${other.id}/approve`,
        undefined,
        { anonymous: 401, user: 403, admin26: 404, admin14: 200, central: 409 },
      ],
    ];
    for (const [method, path, body, byWho] of expectations)
      for (const who of ['anonymous', 'user', 'admin26', 'admin14', 'central'] as const) {
        const res = await call(method, path, who, body);
        expect(res.status, `${method} ${path} as ${who}`).toBe(byWho[who]);
      }
    const list = async (who: MatrixRole, query = '') =>
      ((await (await call('GET', `/api/v1/review-items${query}`, who)).json()) as { items: { applicationId: string }[] }).items.map(
        (i) => i.applicationId,
      );
    expect(await list('admin26')).toContain(item.id);
    expect(await list('admin26')).not.toContain(other.id);
    expect(await list('admin14')).toContain(other.id);
    expect(await list('admin14')).not.toContain(item.id);
    expect(await list('central')).toEqual(expect.arrayContaining([item.id, other.id]));
    expect(await list('central', '?voivodeship=14')).not.toContain(item.id);
    // A voivodeship admin cannot widen the scope with the query.
    expect(await list('admin26', '?voivodeship=14')).not.toContain(other.id);
  });

  it('authorization matrix over the pages and the scan proxy; forms need their CSRF token', async () => {
    const item = await readyForReview(sys, mongo, 'pages26', { teryt: '2661011', voivodeship: '26' });
    const detail = (await (await call('GET', `/api/v1/review-items/${item.id}`, 'central')).json()) as {
      item: { scans: { scanId: string }[] };
    };
    const scanId = detail.item.scans[0]!.scanId;
    const token = MATRIX_CSRF;
    const page = (method: string, path: string, who: MatrixRole, form?: Record<string, string>) => matrix.page(method, path, who, form);
    const reject = { _csrf: token, reasonCode: 'other', reasonText: 'test' };
    const expectations: [string, string, Record<string, string> | undefined, Record<MatrixRole, number>][] = [
      ['GET', '/', undefined, { anonymous: 401, user: 403, admin26: 200, admin14: 200, central: 200 }],
      ['GET', `/wnioski/${item.id}`, undefined, { anonymous: 401, user: 403, admin26: 200, admin14: 404, central: 200 }],
      ['GET', `/skany/${scanId}`, undefined, { anonymous: 401, user: 403, admin26: 200, admin14: 404, central: 200 }],
      // Without the CSRF token nobody gets past the form check, whoever they are.
      [
        'POST',
        `/wnioski/${item.id}/odrzuc`,
        { reasonCode: 'other' },
        { anonymous: 403, user: 403, admin26: 403, admin14: 403, central: 403 },
      ],
      ['POST', `/wnioski/${item.id}/odrzuc`, reject, { anonymous: 401, user: 403, admin14: 404, central: 303, admin26: 409 }],
    ];
    for (const [method, path, form, byWho] of expectations)
      for (const who of Object.keys(byWho) as MatrixRole[]) {
        const res = await page(method, path, who, form);
        expect(res.status, `${method} ${path} as ${who}`).toBe(byWho[who]);
        if (res.status === 200 && path.startsWith('/skany/')) {
          expect(res.headers.get('content-security-policy')).toContain('sandbox');
          expect(res.headers.get('content-type')).toBe('image/jpeg');
        }
        if (res.status === 401) expect(await res.text()).toContain('Przejdź do logowania');
      }
  });

  it('two admins approve at once: one wins, the other gets 409; one event; registration activates the account', async () => {
    const a = await readyForReview(sys, mongo, 'race26', { teryt: '2661011', voivodeship: '26' });
    const results = await Promise.all([
      call('POST', `/api/v1/review-items/${a.id}/approve`, 'admin26'),
      call('POST', `/api/v1/review-items/${a.id}/approve`, 'central'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = results.find((r) => r.status === 409)!;
    expect(((await loser.json()) as { detail: string }).detail).toMatch(/zdecydowano już/);
    await waitFor('approved event', async () => (await storedMessages(nc, 'APPROVAL')).some((m) => m.text.includes(a.id)));
    const events = (await storedMessages(nc, 'APPROVAL')).filter((m) => m.text.includes(a.id));
    expect(events.map((e) => e.subject)).toEqual(['approval.application.approved.v1']);
    ApprovalEvents.applicationApproved.data.parse((JSON.parse(events[0]!.text) as { data: unknown }).data);
    await activeUserId(mongo, sampleApplication('race26').user.login);
    const item = (await (await call('GET', `/api/v1/review-items/${a.id}`, 'admin26')).json()) as { status: string };
    expect(item.status).toBe('approved');
  });

  it('reject with a reason from the list; not-ready items and bad bodies are refused with Polish messages', async () => {
    const a = await readyForReview(sys, mongo, 'rej26', { teryt: '2661011', voivodeship: '26' });
    const bad = await call('POST', `/api/v1/review-items/${a.id}/reject`, 'admin26', { reasonCode: 'other', reasonText: 'x'.repeat(2001) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe('reasonText');
    const res = await call('POST', `/api/v1/review-items/${a.id}/reject`, 'admin26', {
      reasonCode: 'missing-signature',
      reasonText: 'Brak podpisu na stronie 2.',
    });
    expect(res.status).toBe(200);
    await waitFor('rejected event', async () =>
      (await storedMessages(nc, 'APPROVAL')).some((m) => m.subject === 'approval.application.rejected.v1' && m.text.includes(a.id)),
    );
    await waitFor('account closed by registration', async () =>
      (await storedMessages(nc, 'REGISTRATION')).some((m) => m.subject === 'registration.account.closed.v1' && m.text.includes(a.id)),
    );

    const waiting = await fetch(`${sys.service('registration').baseUrl}/api/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(sampleApplication('noscan26')),
    });
    const { id } = (await waiting.json()) as { id: string };
    await waitFor(
      'in the read model',
      async () =>
        (await mongo
          .db('cas_approval')
          .collection('review_items')
          .findOne({ _id: id as never })) !== null,
    );
    const notReady = await call('POST', `/api/v1/review-items/${id}/approve`, 'admin26');
    expect(notReady.status).toBe(409);
    expect(((await notReady.json()) as { code: string }).code).toBe('APPROVAL.NOT_READY');
  });

  it('the queue: oldest first, counts per status, text search, pages with a cursor', async () => {
    const res = await call('GET', '/api/v1/review-items?status=ready-for-review&limit=1', 'central');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const page = (await res.json()) as { items: { number: string; status: string }[]; counts: Record<string, number>; next: string | null };
    expect(page.items).toHaveLength(1);
    expect(page.counts['approved']).toBeGreaterThanOrEqual(1);
    const all = (await (await call('GET', '/api/v1/review-items?limit=100', 'central')).json()) as {
      items: { number: string; submittedAt: string }[];
    };
    const times = all.items.map((i) => i.submittedAt);
    expect([...times].sort()).toEqual(times);
    const first = all.items[0]!;
    const found = (await (await call('GET', `/api/v1/review-items?q=${encodeURIComponent(first.number)}`, 'central')).json()) as {
      items: { number: string }[];
    };
    expect(found.items.map((i) => i.number)).toEqual([first.number]);
    const seen: string[] = [];
    let next: string | null = '';
    while (next !== null) {
      const p = (await (await call('GET', `/api/v1/review-items?limit=2${next ? `&after=${next}` : ''}`, 'central')).json()) as {
        items: { number: string }[];
        next: string | null;
      };
      seen.push(...p.items.map((i) => i.number));
      next = p.next;
    }
    expect(seen).toEqual(all.items.map((i) => i.number));
    expect((await call('GET', '/api/v1/review-items?after=%%%', 'central')).status).toBe(400);
  });

  it('the queue filters by area, unit type and submission day; a bad filter is a 400 naming the field', async () => {
    const all = (await (await call('GET', '/api/v1/review-items?limit=100', 'central')).json()) as {
      items: { applicationId: string; areas: string[]; unit: { type: string }; submittedAt: string }[];
    };
    expect(all.items.length).toBeGreaterThan(0);
    const some = all.items[0]!;
    const ids = async (query: string) =>
      (
        (await (await call('GET', `/api/v1/review-items?limit=100&${query}`, 'central')).json()) as { items: { applicationId: string }[] }
      ).items.map((i) => i.applicationId);
    expect(await ids(`area=${some.areas[0]}`)).toContain(some.applicationId);
    const otherArea = ['PS', 'WRiSPZ', 'SR', 'FA', 'KDR', 'OP-3'].find((a) => !some.areas.includes(a))!;
    expect(await ids(`area=${encodeURIComponent(otherArea)}`)).not.toContain(some.applicationId);
    expect(await ids(`unitType=${some.unit.type}`)).toContain(some.applicationId);
    expect(await ids('unitType=inna-niz-wszystkie')).toEqual([]);
    const day = some.submittedAt.slice(0, 10);
    expect(await ids(`from=${day}&to=${day}`)).toContain(some.applicationId);
    expect(await ids('to=2020-01-01')).toEqual([]);
    for (const [query, field] of [
      ['from=2026-02-30', 'from'],
      ['from=2026-12-02&to=2026-12-01', 'from'],
      ['area=XX', 'area'],
      ['unitType=OPS%20%3Cb%3E', 'unitType'],
    ] as const) {
      const res = await call('GET', `/api/v1/review-items?${query}`, 'central');
      expect(res.status, query).toBe(400);
      expect(
        ((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field),
        query,
      ).toContain(field);
    }
    const page = await matrix.page('GET', '/?from=2026-12-02&to=2026-12-01', 'central');
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('Data „od” jest późniejsza niż „do”.');
  });

  it('two replicas keep their in-memory queues current with what the other wrote; an unannounced change shows after the periodic reload', async () => {
    const b = await sys.startReplica('approval');
    const get = async (base: string, path: string) =>
      fetch(`${base}${path}`, { headers: { cookie: matrix.cookies.admin26 } }).then(
        async (r) => (await r.json()) as { items: { applicationId: string; status: string }[] },
      );
    const statusOn = async (base: string, id: string, number: string) =>
      (await get(base, `/api/v1/review-items?q=${encodeURIComponent(number)}`)).items.find((i) => i.applicationId === id)?.status;
    const a = sys.service('approval').baseUrl;
    const item = await readyForReview(sys, mongo, 'replica26');
    // One replica's consumer wrote the item; the other one knows it only from the notice.
    for (const base of [a, b.baseUrl])
      await waitFor(`${base} lists the item`, async () => (await statusOn(base, item.id, item.number)) === 'ready-for-review', 10_000);
    const approve = await fetch(`${b.baseUrl}/api/v1/review-items/${item.id}/approve`, {
      method: 'POST',
      headers: { cookie: matrix.cookies.admin26 },
    });
    expect(approve.status).toBe(200);
    for (const base of [a, b.baseUrl])
      await waitFor(`${base} shows it approved`, async () => (await statusOn(base, item.id, item.number)) === 'approved', 10_000);
    // A change no replica announced (as if the notice were lost): a replica reloading every 1.5 s picks it up.
    const c = await sys.startReplica('approval', { REVIEW_INDEX_RESYNC_MS: '1500' });
    await mongo
      .db('cas_approval')
      .collection('review_items')
      .updateOne({ _id: item.id as never }, { $set: { status: 'expired' } });
    await waitFor(
      'the reloading replica shows the change',
      async () => (await statusOn(c.baseUrl, item.id, item.number)) === 'expired',
      10_000,
    );
  });
});
