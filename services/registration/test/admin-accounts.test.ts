import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { Redis } from 'ioredis';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { totpCode } from '@cas/auth';
import { createCentralAdminCli, repoRoot, startSystem, storedMessages, type System } from '@cas/testing';
import { activeAccount as activeAccount_, cookieOf, jsonClient, PASSWORD, temporaryPasswordFor } from './support/accounts.js';

const ADMIN_PASSWORD = 'Administrator-Nad-Kamienną-2026';

let sys: System;
let mongo: MongoClient;
let nc: NatsConnection;
let api: string;

const json = jsonClient(() => api);
const activeAccount = (tag: string, teryt?: string) => activeAccount_({ api: () => api, mongo, nc }, tag, teryt);

/** Logs an admin in: temporary password → new password → TOTP; returns the cookie and the TOTP secret. */
async function adminReady(login: string, temporary: string) {
  const first = await json('POST', '/api/v1/auth/login', { login, password: temporary });
  expect(first.status).toBe(200);
  expect(((await first.json()) as { next: string }).next).toBe('/zmiana-hasla');
  const changed = await json('POST', '/api/v1/auth/password', { currentPassword: temporary, newPassword: ADMIN_PASSWORD }, cookieOf(first));
  expect(changed.status).toBe(200);
  let cookie = cookieOf(changed);
  // Admin actions need the second factor first.
  expect((await json('GET', '/api/v1/audit', undefined, cookie)).status).toBe(403);
  const enrol = await json('POST', '/api/v1/auth/totp/enrolment', undefined, cookie);
  expect(enrol.status).toBe(201);
  const { secret, uri } = (await enrol.json()) as { secret: string; uri: string };
  expect(uri).toMatch(/^otpauth:\/\/totp\//);
  expect((await json('POST', '/api/v1/auth/totp/confirmation', { code: '000000' }, cookie)).status).toBe(401);
  const confirmed = await json('POST', '/api/v1/auth/totp/confirmation', { code: totpCode(secret, Date.now()) }, cookie);
  expect(confirmed.status).toBe(200);
  const { recoveryCodes } = (await confirmed.json()) as { recoveryCodes: string[] };
  expect(recoveryCodes).toHaveLength(10);
  cookie = cookieOf(confirmed);
  expect((await json('GET', '/api/v1/audit', undefined, cookie)).status).toBe(200);
  return { cookie, secret, recoveryCodes };
}

beforeAll(async () => {
  sys = await startSystem({ services: ['registration'], env: { registration: { LOGIN_RATE_PER_IP_PER_MINUTE: '1000' } } });
  api = sys.service('registration').baseUrl;
  mongo = await MongoClient.connect(sys.infra.mongoUrl);
  nc = await connect({ servers: sys.infra.natsUrl });
});
afterAll(async () => {
  await nc?.close();
  await mongo?.close();
  await sys?.stop();
});

describe('admins: CLI, second factor, tenancy, audit', () => {
  let central: Awaited<ReturnType<typeof adminReady>>;
  let kielce: Awaited<ReturnType<typeof adminReady>>;

  it('the CLI creates the first central admin, who must change the password and enrol TOTP', async () => {
    const out = await createCentralAdminCli(sys.infra, {
      login: 'centrala',
      email: 'admin@cas.example',
      firstName: 'Ewa',
      lastName: 'Centralna',
    });
    expect(out.status, out.stderr).toBe(0);
    const temporary = out.temporaryPassword;
    expect(temporary).toHaveLength(20);
    // A second run with the same login is refused.
    const again = await createCentralAdminCli(sys.infra, { login: 'CENTRALA', email: 'b@cas.example', firstName: 'A', lastName: 'B' });
    expect(again.status).toBe(1);
    central = await adminReady('centrala', temporary);
  });

  it('a TOTP code works once; a recovery code works once', async () => {
    const login = await json('POST', '/api/v1/auth/login', { login: 'centrala', password: ADMIN_PASSWORD });
    const cookie = cookieOf(login);
    expect(((await login.json()) as { next: string }).next).toBe('/logowanie/drugi-skladnik');
    expect((await json('GET', '/api/v1/audit', undefined, cookie)).status).toBe(403);
    const code = totpCode(central.secret, Date.now() + 30_000);
    const ok = await json('POST', '/api/v1/auth/second-factor', { code }, cookie);
    expect(ok.status).toBe(200);
    expect((await json('POST', '/api/v1/auth/second-factor', { code }, cookie)).status).toBe(401);
    const other = cookieOf(await json('POST', '/api/v1/auth/login', { login: 'centrala', password: ADMIN_PASSWORD }));
    const recovery = central.recoveryCodes[0]!;
    expect((await json('POST', '/api/v1/auth/second-factor', { code: recovery.toUpperCase() }, other)).status).toBe(200);
    const third = cookieOf(await json('POST', '/api/v1/auth/login', { login: 'centrala', password: ADMIN_PASSWORD }));
    expect((await json('POST', '/api/v1/auth/second-factor', { code: recovery }, third)).status).toBe(401);
  });

  it('the central admin creates a voivodeship admin, whose temporary password travels encrypted', async () => {
    const before = (await storedMessages(nc, 'REGISTRATION')).at(-1)?.seq ?? 0;
    const res = await json(
      'POST',
      '/api/v1/admin/voivodeship-admins',
      {
        login: 'admin-kielce',
        email: 'admin@kielce.uw.example',
        firstName: 'Adam',
        lastName: 'Świętokrzyski',
        phone: '41 342 11 11',
        position: 'Inspektor',
        voivodeship: '26',
      },
      central.cookie,
    );
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const temporary = await temporaryPasswordFor(nc, id, before);
    kielce = await adminReady('admin-kielce', temporary);
  });

  it('enforces roles on every admin endpoint: anonymous 401, user 404, voivodeship admin not on central-only ones', async () => {
    const user = await activeAccount('plainuser');
    const userCookie = cookieOf(await json('POST', '/api/v1/auth/login', { login: user.login, password: PASSWORD }));
    const endpoints: [string, string, unknown?][] = [
      ['GET', '/api/v1/audit'],
      ['GET', '/api/v1/admin/users?login=x'],
      ['POST', `/api/v1/admin/users/${user.userId}/unblock`],
      ['POST', `/api/v1/admin/users/${user.userId}/revoke-sessions`],
      ['GET', '/api/v1/admin/voivodeship-admins'],
      ['POST', '/api/v1/admin/voivodeship-admins', {}],
      ['POST', '/api/v1/admin/voivodeship-admins/x/disable'],
    ];
    for (const [method, path, body] of endpoints) {
      expect((await json(method, path, body)).status, `${method} ${path} anonymous`).toBe(401);
      expect((await json(method, path, body, userCookie)).status, `${method} ${path} user`).toBe(404);
    }
    for (const [method, path, body] of endpoints.slice(4)) {
      expect((await json(method, path, body, kielce.cookie)).status, `${method} ${path} voivodeship admin`).toBe(404);
    }
    expect((await json('POST', '/api/v1/auth/totp/enrolment', undefined, userCookie)).status).toBe(404);
  });

  it('tenancy: the Kielce admin unblocks and logs out users of voivodeship 26 only; others are "not found"', async () => {
    const local = await activeAccount('tenant26');
    const remote = await activeAccount('tenant14', '1465011');
    for (const u of [local, remote]) {
      for (let i = 0; i < 5; i++) await json('POST', '/api/v1/auth/login', { login: u.login, password: 'zle-haslo-123456' });
    }
    expect((await json('POST', `/api/v1/admin/users/${remote.userId}/unblock`, undefined, kielce.cookie)).status).toBe(404);
    const found = (await (await json('GET', `/api/v1/admin/users?login=${remote.login}`, undefined, kielce.cookie)).json()) as {
      items: unknown[];
    };
    expect(found.items).toHaveLength(0);
    expect((await json('POST', `/api/v1/admin/users/${local.userId}/unblock`, undefined, kielce.cookie)).status).toBe(200);
    expect((await json('POST', `/api/v1/admin/users/${remote.userId}/unblock`, undefined, central.cookie)).status).toBe(200);
    const session = cookieOf(await json('POST', '/api/v1/auth/login', { login: local.login, password: PASSWORD }));
    expect((await json('GET', '/api/v1/account', undefined, session)).status).toBe(200);
    const revoked = await json('POST', `/api/v1/admin/users/${local.userId}/revoke-sessions`, undefined, kielce.cookie);
    expect(((await revoked.json()) as { sessionsEnded: number }).sessionsEnded).toBe(1);
    expect((await json('GET', '/api/v1/account', undefined, session)).status).toBe(401);

    const audit = (await (await json('GET', '/api/v1/audit', undefined, kielce.cookie)).json()) as {
      items: { voivodeship: string; action: string }[];
    };
    expect(audit.items.length).toBeGreaterThan(0);
    expect(audit.items.every((e) => e.voivodeship === '26')).toBe(true);
    expect(audit.items.some((e) => e.action === 'account-unblocked')).toBe(true);
    const all = (await (await json('GET', '/api/v1/audit', undefined, central.cookie)).json()) as { items: { voivodeship: string }[] };
    expect(all.items.some((e) => e.voivodeship === '14')).toBe(true);
  });

  it('the central admin disables a voivodeship admin: their session ends and they cannot log in', async () => {
    const list = (await (await json('GET', '/api/v1/admin/voivodeship-admins', undefined, central.cookie)).json()) as {
      items: { id: string; login: string }[];
    };
    const target = list.items.find((a) => a.login === 'admin-kielce')!;
    // Guessing codes: ten wrong ones in 15 minutes (one was the wrong code tried at enrolment), then even the
    // right one is refused for a while (429).
    const guessing = cookieOf(await json('POST', '/api/v1/auth/login', { login: 'admin-kielce', password: ADMIN_PASSWORD }));
    for (let i = 0; i < 9; i++) expect((await json('POST', '/api/v1/auth/second-factor', { code: '000000' }, guessing)).status).toBe(401);
    const limited = await json('POST', '/api/v1/auth/second-factor', { code: totpCode(kielce.secret, Date.now() + 30_000) }, guessing);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await json('POST', `/api/v1/admin/voivodeship-admins/${target.id}/disable`, undefined, central.cookie)).status).toBe(200);
    expect((await json('GET', '/api/v1/audit', undefined, kielce.cookie)).status).toBe(401);
    expect((await json('POST', '/api/v1/auth/login', { login: 'admin-kielce', password: ADMIN_PASSWORD })).status).toBe(401);
  });

  it('a Redis flush logs people out but unblocks nobody', async () => {
    const u = await activeAccount('flush');
    for (let i = 0; i < 5; i++) await json('POST', '/api/v1/auth/login', { login: u.login, password: 'zle-haslo-123456' });
    const redis = new Redis(sys.infra.redisUrl);
    await redis.flushall();
    await redis.quit();
    expect((await json('POST', '/api/v1/auth/login', { login: u.login, password: PASSWORD })).status).toBe(401);
    expect((await json('GET', '/api/v1/audit', undefined, central.cookie)).status).toBe(401);
  });
});

describe('demo admins (npm start, development only)', () => {
  it('seed-demo-admins makes a central and a Kielce admin who log in with password and TOTP; a rerun adds none', async () => {
    const run = () =>
      spawnSync(process.execPath, [join(repoRoot(), 'services/registration/dist/cli/seed-demo-admins.js')], {
        env: {
          ...process.env,
          MONGO_URL: sys.infra.mongoUrl,
          NATS_URL: sys.infra.natsUrl,
          REDIS_URL: sys.infra.redisUrl,
          NODE_ENV: 'test',
          LOG_LEVEL: 'warn',
        },
        encoding: 'utf8',
      });
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    const admins = JSON.parse(first.stdout) as {
      login: string;
      password: string;
      totpSecret: string;
      role: string;
      voivodeship: string | null;
    }[];
    expect(admins.map((a) => [a.login, a.role, a.voivodeship])).toEqual([
      ['demo-centrala', 'central-admin', null],
      ['demo-admin-26', 'voivodeship-admin', '26'],
    ]);
    for (const a of admins) {
      const login = await json('POST', '/api/v1/auth/login', { login: a.login, password: a.password });
      expect(login.status).toBe(200);
      const second = await json('POST', '/api/v1/auth/second-factor', { code: totpCode(a.totpSecret, Date.now()) }, cookieOf(login));
      expect(second.status).toBe(200);
      expect((await json('GET', '/api/v1/audit', undefined, cookieOf(second))).status).toBe(200);
    }
    expect(JSON.parse(run().stdout)).toEqual([]);
    const production = spawnSync(process.execPath, [join(repoRoot(), 'services/registration/dist/cli/seed-demo-admins.js')], {
      env: { ...process.env, MONGO_URL: sys.infra.mongoUrl, NODE_ENV: 'production' },
      encoding: 'utf8',
    });
    expect(production.status).not.toBe(0);
  });
});

describe('return paths cannot redirect elsewhere', () => {
  it('keeps only same-site paths from ?powrot', async () => {
    for (const evil of ['//evil.example', 'https://evil.example', '/\\evil.example', '/%2F%2Fevil.example']) {
      const page = await (await fetch(`${api}/logowanie?powrot=${encodeURIComponent(evil)}`)).text();
      expect(page).toContain('name="powrot" value=""');
    }
    const page = await (await fetch(`${api}/logowanie?powrot=${encodeURIComponent('/parametry-uzytkownika')}`)).text();
    expect(page).toContain('name="powrot" value="/parametry-uzytkownika"');
  });
});
