import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ApprovalEvents, createEvent } from '@cas/contracts';
import { sampleApplication, startSystem, storedMessages, waitFor, type System } from '@cas/testing';
import {
  activeAccount as activeAccount_,
  cookieOf,
  jsonClient,
  PASSWORD,
  temporaryPasswordFor as temporaryPasswordFor_,
} from './support/accounts.js';

let sys: System;
let mongo: MongoClient;
let nc: NatsConnection;
let api: string;

const db = () => mongo.db('cas_registration');
const json = jsonClient(() => api);

async function events(subject: string, needle: string) {
  return (await storedMessages(nc, 'REGISTRATION')).filter((m) => m.subject === subject && m.text.includes(needle));
}

const activeAccount = (tag: string) => activeAccount_({ api: () => api, mongo, nc }, tag);
const temporaryPasswordFor = (userId: string, after = 0) => temporaryPasswordFor_(nc, userId, after);

beforeAll(async () => {
  sys = await startSystem({
    services: ['registration'],
    env: { registration: { LOGIN_RATE_PER_IP_PER_MINUTE: '1000', REMINDER_RATE_PER_IP_PER_HOUR: '1000' } },
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

describe('activation and login', () => {
  it('an approved application becomes an active account with its grants; it logs in and sees its areas', async () => {
    const acc = await activeAccount('acc1');
    expect(await events('registration.account.activated.v1', acc.userId)).toHaveLength(1);
    const unit = await db().collection('units').findOne({ applicationId: acc.applicationId });
    expect(unit?.status).toBe('active');

    const res = await json('POST', '/api/v1/auth/login', { login: acc.login.toUpperCase(), password: PASSWORD });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { next: string; user: { grants: { area: string }[] } };
    expect(body.next).toBe('/konto');
    expect(body.user.grants.map((g) => g.area)).toEqual(['PS']);
    const cookie = cookieOf(res);
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect(res.headers.get('set-cookie')).toMatch(/SameSite=Lax/i);

    const home = await (await fetch(`${api}/konto`, { headers: { cookie } })).text();
    expect(home).toContain('href="/obszary/PS"');
    expect(home).not.toContain('href="/obszary/SR"');
    expect((await fetch(`${api}/obszary/SR`, { headers: { cookie }, redirect: 'manual' })).status).toBe(303);

    const jwks = (await (await fetch(`${api}/.well-known/jwks.json`)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
    expect(jwks.keys.every((k) => k.alg === 'EdDSA' && !('d' in k))).toBe(true);

    // Logout ends the session: the same cookie no longer works.
    expect((await json('POST', '/api/v1/auth/logout', undefined, cookie)).status).toBe(204);
    expect((await json('GET', '/api/v1/auth/session', undefined, cookie)).status).toBe(401);
  });

  it('answers unknown login, wrong password and a non-approved applicant alike (401, same text)', async () => {
    const acc = await activeAccount('acc2');
    const pending = sampleApplication('acc2pending');
    expect((await json('POST', '/api/v1/applications', pending)).status).toBe(201);
    const answers = await Promise.all(
      [
        { login: 'nie-ma-takiego', password: PASSWORD },
        { login: acc.login, password: 'zle-haslo-123456' },
        { login: pending.user.login, password: PASSWORD },
      ].map(async (b) => {
        const r = await json('POST', '/api/v1/auth/login', b);
        return { status: r.status, detail: ((await r.json()) as { detail: string }).detail };
      }),
    );
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([401]));
    expect(new Set(answers.map((a) => a.detail)).size).toBe(1);
    expect(answers[0]?.detail).toContain('Przypomnij hasło');
  });

  it('refuses tampered tokens and alg:none (not logged in)', async () => {
    const acc = await activeAccount('acc3');
    const cookie = cookieOf(await json('POST', '/api/v1/auth/login', { login: acc.login, password: PASSWORD }));
    const token = cookie.split('=')[1] ?? '';
    const [h, p] = token.split('.');
    const payload = JSON.parse(Buffer.from(p ?? '', 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...payload, rol: 'central-admin' })).toString('base64url');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${forged}.`;
    for (const bad of [`${h}.${forged}.${token.split('.')[2]}`, none]) {
      expect((await json('GET', '/api/v1/auth/session', undefined, `cas_session=${bad}`)).status).toBe(401);
    }
    expect((await json('GET', '/api/v1/auth/session', undefined, cookie)).status).toBe(200);
  });
});

describe('blocking and Przypomnij hasło', () => {
  it('100 parallel wrong passwords: the counter ends at exactly 100, one block and one blocked event', async () => {
    const acc = await activeAccount('block100');
    const results = await Promise.all(
      Array.from({ length: 100 }, () => json('POST', '/api/v1/auth/login', { login: acc.login, password: 'zle-haslo-123456' })),
    );
    expect(results.every((r) => r.status === 401)).toBe(true);
    const user = await db()
      .collection('users')
      .findOne({ _id: acc.userId as never });
    expect(user?.failedAttempts).toBe(100);
    expect(user?.status).toBe('blocked');
    await waitFor('blocked event', async () => (await events('registration.account.blocked.v1', acc.userId)).length === 1);
    // The right password does not open a blocked account.
    expect((await json('POST', '/api/v1/auth/login', { login: acc.login, password: PASSWORD })).status).toBe(401);
  });

  it('the reminder unblocks through a one-time temporary password and forces a new password; other sessions end', async () => {
    const acc = await activeAccount('remind1');
    const oldSession = cookieOf(await json('POST', '/api/v1/auth/login', { login: acc.login, password: PASSWORD }));
    for (let i = 0; i < 5; i++) await json('POST', '/api/v1/auth/login', { login: acc.login, password: 'zle-haslo-123456' });
    await waitFor(
      'blocked',
      async () =>
        (
          await db()
            .collection('users')
            .findOne({ _id: acc.userId as never })
        )?.status === 'blocked',
    );
    // Blocking ends the running session too.
    expect((await json('GET', '/api/v1/auth/session', undefined, oldSession)).status).toBe(401);

    const known = await json('POST', '/api/v1/auth/password-reminder', { loginOrEmail: acc.login });
    const unknown = await json('POST', '/api/v1/auth/password-reminder', { loginOrEmail: 'nikt-taki' });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(await known.text()).toBe(await unknown.text());
    const temporary = await temporaryPasswordFor(acc.userId);
    expect(temporary).toHaveLength(20);
    // Only its hash is stored.
    expect(
      JSON.stringify(
        await db()
          .collection('users')
          .findOne({ _id: acc.userId as never }),
      ),
    ).not.toContain(temporary);

    const login = await json('POST', '/api/v1/auth/login', { login: acc.login, password: temporary });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { next: string }).next).toBe('/zmiana-hasla');
    const cookie = cookieOf(login);
    // Nothing else until the password is changed.
    expect((await json('GET', '/api/v1/account', undefined, cookie)).status).toBe(403);
    // The temporary password is spent: a second login with it fails.
    expect((await json('POST', '/api/v1/auth/login', { login: acc.login, password: temporary })).status).toBe(401);

    const weak = await json('POST', '/api/v1/auth/password', { currentPassword: temporary, newPassword: 'haslo' }, cookie);
    expect(weak.status).toBe(400);
    const changed = await json(
      'POST',
      '/api/v1/auth/password',
      { currentPassword: temporary, newPassword: 'Nowe-Hasło-Nad-Wisłą-77' },
      cookie,
    );
    expect(changed.status).toBe(200);
    const fresh = cookieOf(changed);
    expect((await json('GET', '/api/v1/account', undefined, fresh)).status).toBe(200);
    expect((await json('GET', '/api/v1/account', undefined, cookie)).status).toBe(401);
    expect((await json('POST', '/api/v1/auth/login', { login: acc.login, password: PASSWORD })).status).toBe(401);
    expect((await json('POST', '/api/v1/auth/login', { login: acc.login, password: 'Nowe-Hasło-Nad-Wisłą-77' })).status).toBe(200);
    const user = await db()
      .collection('users')
      .findOne({ _id: acc.userId as never });
    expect(user?.status).toBe('active');
    expect(user?.failedAttempts).toBe(0);
    // Never in the service's log either.
    expect(readFileSync(join(sys.dir, 'logs', 'registration.log'), 'utf8')).not.toContain(temporary);
  });

  it('an expired temporary password does not log in; the e-mail address works as the login', async () => {
    const acc = await activeAccount('expired1');
    const before = (await storedMessages(nc, 'REGISTRATION')).at(-1)?.seq ?? 0;
    expect((await json('POST', '/api/v1/auth/password-reminder', { loginOrEmail: 'jan.nowak.expired1@mopr.kielce.example' })).status).toBe(
      202,
    );
    const temporary = await temporaryPasswordFor(acc.userId, before);
    await waitFor(
      'outbox drained',
      async () =>
        (
          await db()
            .collection('users')
            .findOne({ _id: acc.userId as never })
        )?.outboxPending === false,
    );
    await db()
      .collection('users')
      .updateOne({ _id: acc.userId as never }, { $set: { 'temporaryPassword.expiresAt': new Date(Date.now() - 1_000) } });
    expect((await json('POST', '/api/v1/auth/login', { login: acc.login, password: temporary })).status).toBe(401);
    expect((await json('POST', '/api/v1/auth/login', { login: 'Jan.Nowak.Expired1@mopr.kielce.example', password: PASSWORD })).status).toBe(
      200,
    );
  });

  it('a reminder requested by someone else changes nothing for the owner: the old password keeps working', async () => {
    const acc = await activeAccount('remind2');
    const before = (await storedMessages(nc, 'REGISTRATION')).at(-1)?.seq ?? 0;
    expect((await json('POST', '/api/v1/auth/password-reminder', { loginOrEmail: acc.login })).status).toBe(202);
    await temporaryPasswordFor(acc.userId, before);
    expect((await json('POST', '/api/v1/auth/login', { login: acc.login, password: PASSWORD })).status).toBe(200);
  });

  it('issues at most 3 reminders an hour per account: the 4th request is audited as rate-limited and sends nothing', async () => {
    const acc = await activeAccount('remind-limit');
    const issued = async () =>
      (await storedMessages(nc, 'REGISTRATION')).filter(
        (m) => m.subject === 'registration.account.password-reminder-issued.v1' && m.text.includes(acc.userId),
      ).length;
    const outcomes = async () =>
      (
        await db()
          .collection<{ action: string; subject: { userId: string } | null; details: { outcome: string } }>('audit')
          .find({ action: 'password-reminder', 'subject.userId': acc.userId })
          .toArray()
      )
        .map((a) => a.details.outcome)
        .sort();
    for (let i = 0; i < 4; i++) {
      expect((await json('POST', '/api/v1/auth/password-reminder', { loginOrEmail: acc.login })).status).toBe(202);
      // One at a time: each reminder is issued (and counted) before the next is asked for.
      await waitFor(`reminder ${i + 1} processed`, async () => (await outcomes()).length === i + 1);
    }
    expect(await outcomes()).toEqual(['issued', 'issued', 'issued', 'rate-limited']);
    expect(await issued()).toBe(3);
  });

  it('bad bodies get 400 problem details, never 500', async () => {
    for (const body of [
      {},
      { login: ['a'], password: 'x' },
      { login: 'a', password: 'b', extra: 1 },
      { login: { $ne: null }, password: 'x' },
    ]) {
      const res = await json('POST', '/api/v1/auth/login', body);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await json('POST', '/api/v1/auth/password-reminder', { loginOrEmail: { $gt: '' } })).status).toBe(400);
  });
});

describe('permission requests', () => {
  it('asks for more sub-areas; an approval applies the grant once, with permissions.granted', async () => {
    const acc = await activeAccount('perm1');
    const cookie = cookieOf(await json('POST', '/api/v1/auth/login', { login: acc.login, password: PASSWORD }));
    const already = await json(
      'POST',
      '/api/v1/permission-requests',
      { subAreas: [{ area: 'PS', subArea: 'sprawozdania-resortowe' }], justification: 'Nowe obowiązki' },
      cookie,
    );
    expect(already.status).toBe(422);
    const areas = (await (await fetch(`${api}/api/v1/catalogues`)).json()) as { areas: { code: string; subAreas: { code: string }[] }[] };
    const sr = areas.areas.find((a) => a.code === 'SR')!.subAreas[0]!.code;
    const res = await json(
      'POST',
      '/api/v1/permission-requests',
      { subAreas: [{ area: 'SR', subArea: sr }], justification: 'Nowe obowiązki' },
      cookie,
    );
    expect(res.status).toBe(201);
    const request = (await res.json()) as { id: string; status: string };
    expect(request.status).toBe('pending');
    await waitFor('submitted event', async () => (await events('registration.permission-request.submitted.v1', request.id)).length === 1);

    const approved = createEvent(
      ApprovalEvents.permissionRequestApproved,
      { requestId: request.id, decidedBy: 'admin-26', decidedAt: new Date().toISOString(), reason: null },
      { source: 'approval', correlationId: 't' },
    );
    const js = jetstream(nc);
    await js.publish(approved.type, JSON.stringify(approved), { msgID: approved.id });
    await js.publish(approved.type, JSON.stringify(approved), { msgID: `${approved.id}-again` });
    await waitFor('granted', async () =>
      (
        (
          await db()
            .collection('users')
            .findOne({ _id: acc.userId as never })
        )?.grants as { area: string }[]
      ).some((g) => g.area === 'SR'),
    );
    await new Promise((r) => setTimeout(r, 800));
    expect(await events('registration.permissions.granted.v1', request.id)).toHaveLength(1);
    const list = (await (await json('GET', '/api/v1/permission-requests', undefined, cookie)).json()) as { items: { status: string }[] };
    expect(list.items[0]?.status).toBe('approved');
  });
});

describe('rejection', () => {
  it('closes the application with account.closed and frees the login for a new application', async () => {
    const app = sampleApplication('rej1');
    const res = await json('POST', '/api/v1/applications', app);
    const { id, number } = (await res.json()) as { id: string; number: string };
    const rejected = createEvent(
      ApprovalEvents.applicationRejected,
      {
        applicationId: id,
        number,
        decidedBy: 'admin-26',
        decidedAt: new Date().toISOString(),
        reasonCode: 'unsigned',
        reasonText: 'Brak podpisu kierownika.',
      },
      { source: 'approval', correlationId: 't' },
    );
    await jetstream(nc).publish(rejected.type, JSON.stringify(rejected), { msgID: rejected.id });
    await waitFor('closed event', async () => (await events('registration.account.closed.v1', id)).length === 1);
    await waitFor(
      'login free',
      async () =>
        (await db()
          .collection('logins')
          .findOne({ _id: app.user.login.toLowerCase() as never })) === null,
    );
    const again = await json('POST', '/api/v1/applications', { ...app, unit: { ...app.unit } });
    expect(again.status).toBe(201);
  });
});

describe('e-mail change needs confirmation', () => {
  it('sends a one-time link to the new address; the address changes only when it is confirmed', async () => {
    const acc = await activeAccount('mail1');
    const cookie = cookieOf(await json('POST', '/api/v1/auth/login', { login: acc.login, password: PASSWORD }));
    const wrong = await json(
      'POST',
      '/api/v1/account/email',
      { newEmail: 'nowy.mail1@gmina.example', currentPassword: 'zle-haslo-123456' },
      cookie,
    );
    expect(wrong.status).toBe(422);
    const res = await json('POST', '/api/v1/account/email', { newEmail: 'nowy.mail1@gmina.example', currentPassword: PASSWORD }, cookie);
    expect(res.status).toBe(202);
    let confirmUrl = '';
    await waitFor('email-change event', async () => {
      const m = (await events('registration.account.email-change-requested.v1', acc.userId)).at(-1);
      if (m) confirmUrl = (JSON.parse(m.text) as { data: { confirmUrl: string; newEmail: string } }).data.confirmUrl;
      return !!m;
    });
    const link = new URL(confirmUrl);
    expect(
      (
        await db()
          .collection('users')
          .findOne({ _id: acc.userId as never })
      )?.email,
    ).toBe('jan.nowak.mail1@mopr.kielce.example');
    // The token is not stored, only its hash.
    expect(
      JSON.stringify(
        await db()
          .collection('users')
          .findOne({ _id: acc.userId as never }),
      ),
    ).not.toContain(link.searchParams.get('t'));

    const page = await fetch(`${api}${link.pathname}${link.search}`);
    const csrf = (page.headers.get('set-cookie') ?? '').match(/cas_csrf=([^;]+)/)?.[1] ?? '';
    expect(await page.text()).toContain('Potwierdź');
    const confirm = (t: string) =>
      fetch(`${api}${link.pathname}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `cas_csrf=${csrf}` },
        body: new URLSearchParams({ _csrf: csrf, u: link.searchParams.get('u') ?? '', t }).toString(),
      });
    expect((await confirm('zly-token')).status).toBe(410);
    const ok = await confirm(link.searchParams.get('t') ?? '');
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('nowy.mail1@gmina.example');
    expect((await confirm(link.searchParams.get('t') ?? '')).status).toBe(410);
    expect((await json('POST', '/api/v1/auth/login', { login: 'nowy.mail1@gmina.example', password: PASSWORD })).status).toBe(200);
  });
});
