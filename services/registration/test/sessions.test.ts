import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { medianGap, pairedTiming, startSystem, type System } from '@cas/testing';
import { activeAccount as activeAccount_, cookieOf, jsonClient, PASSWORD } from './support/accounts.js';

/** Short timeouts so the test can watch them: token 2 s, idle 5 s, absolute 9 s. */
let sys: System;
let mongo: MongoClient;
let nc: NatsConnection;
let api: string;
const json = jsonClient(() => api);
const activeAccount = (tag: string) => activeAccount_({ api: () => api, mongo, nc }, tag);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  sys = await startSystem({
    services: ['registration'],
    env: {
      registration: {
        SESSION_TOKEN_TTL_SECONDS: '2',
        SESSION_IDLE_TIMEOUT_SECONDS: '5',
        SESSION_ABSOLUTE_TIMEOUT_SECONDS: '9',
        REMINDER_RATE_PER_IP_PER_HOUR: '100000',
        REMINDER_RATE_PER_ACCOUNT_PER_HOUR: '100000',
        // The timing test measures the answer alone: the background jobs start after the test.
        REMINDER_JOB_DELAY_MS: '600000',
      },
    },
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

describe('session lifetime', () => {
  it('renews an expired token while the session is alive, ends it after the idle timeout', async () => {
    const acc = await activeAccount('idle1');
    let cookie = cookieOf(await json('POST', '/api/v1/auth/login', { login: acc.login, password: PASSWORD }));
    await sleep(3_000); // the token (2 s) has expired; the session (idle 5 s) has not
    const renewed = await json('GET', '/api/v1/auth/session', undefined, cookie);
    expect(renewed.status).toBe(200);
    const fresh = cookieOf(renewed);
    expect(fresh).not.toBe('');
    expect(fresh).not.toBe(cookie);
    cookie = fresh;
    await sleep(6_000); // no activity for longer than the idle timeout
    expect((await json('GET', '/api/v1/auth/session', undefined, cookie)).status).toBe(401);
  });

  it('ends an active session at the absolute timeout', async () => {
    const acc = await activeAccount('absolute1');
    let cookie = cookieOf(await json('POST', '/api/v1/auth/login', { login: acc.login, password: PASSWORD }));
    const started = Date.now();
    let lastOk = 0;
    while (Date.now() - started < 11_000) {
      const res = await json('GET', '/api/v1/auth/session', undefined, cookie);
      if (res.status !== 200) break;
      lastOk = Date.now() - started;
      cookie = cookieOf(res) || cookie;
      await sleep(1_500);
    }
    expect(lastOk).toBeGreaterThan(6_000);
    expect(lastOk).toBeLessThan(10_000);
    expect((await json('GET', '/api/v1/auth/session', undefined, cookie)).status).toBe(401);
  });
});

describe('Przypomnij hasło: the same answer in the same time', () => {
  // The 10 % target of DESIGN §7 is measured by `npm run bench` (BENCH_ONLY=reminder) on a quiet machine. Here,
  // beside other test files, the bound is coarse: an account lookup or a hash in the request path of one kind
  // (the leak this guards against) costs far more than 25 % of a ~5 ms answer.
  it('existing and unknown accounts: identical bodies, medians within 25 %', { timeout: 120_000 }, async () => {
    const acc = await activeAccount('timing1');
    const bodies = new Set<string>();
    let n = 0;
    const rounds = await pairedTiming(
      async (kind) => {
        const res = await json('POST', '/api/v1/auth/password-reminder', { loginOrEmail: kind === 'a' ? acc.login : `nikt-${n++}` });
        bodies.add(await res.text());
        expect(res.status).toBe(202);
      },
      {
        rounds: [
          { pairs: 150, warmUp: 20 },
          { pairs: 140, warmUp: 0 },
          { pairs: 140, warmUp: 0 },
        ],
      },
    );
    expect(bodies.size).toBe(1);
    const detail = rounds.map((r, i) => `round ${i + 1}: known ${r.a.toFixed(2)} ms, unknown ${r.b.toFixed(2)} ms`).join('; ');
    console.log(`Przypomnij hasło timing: ${detail}`);
    expect(medianGap(rounds), detail).toBeLessThan(0.25);
    expect(Math.max(...rounds.map((r) => r.gap)), detail).toBeLessThan(0.75);
  });
});

describe('per-IP throttling', () => {
  it('answers 429 with Retry-After past the per-minute limit, in Polish', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 35; i++) {
      last = await json('POST', '/api/v1/auth/login', { login: 'ktos-obcy', password: 'zle-haslo-123456' });
      statuses.push(last.status);
    }
    expect(statuses).toContain(401);
    expect(statuses.at(-1)).toBe(429);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await last?.json()) as { detail: string }).detail).toContain('Zbyt wiele prób');
  });
});

describe('CSRF and cross-site requests', () => {
  it('refuses form posts without the token and cross-site API calls', async () => {
    for (const path of ['/logowanie', '/przypomnij-haslo', '/wyloguj', '/zmiana-hasla', '/parametry-uzytkownika/dane']) {
      const res = await fetch(`${api}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'login=a&password=b',
        redirect: 'manual',
      });
      expect(res.status, path).toBe(403);
      expect(await res.text()).toContain('Formularz wygasł');
    }
    const crossSite = await fetch(`${api}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      body: JSON.stringify({ login: 'a', password: 'b' }),
    });
    expect(crossSite.status).toBe(403);
    const form = await fetch(`${api}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'login=a&password=b',
    });
    expect(form.status).toBe(415);
  });
});
