import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { MongoClient } from 'mongodb';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { totpCode } from '@cas/auth';
import { approvedAccount, createCentralAdminCli, sampleApplication, startSystem, type System } from '@cas/testing';
import { axeViolations, CHROMIUM, decodeQr, launchChromium } from './browser-support.js';
import { normalise, pageHelpers } from './page-helpers.js';

/**
 * An admin in Chromium: the central admin created with the CLI logs in with the printed temporary password, sets
 * a new one, enrols the second factor (the key read from the page, a wrong code first), keeps the recovery codes,
 * finds a blocked user in the admin panel, unblocks them and ends their sessions, then logs out and back in with a
 * recovery code. The unblocked user logs in in another browser context. axe-core checks every page for WCAG 2.1 A/AA.
 */
const TAG = 'browser-admin';
const APP = sampleApplication(TAG);
const LOGIN = APP.user.login;
const PASSWORD = APP.user.password;
const ADMIN_LOGIN = 'centrala';
const ADMIN_PASSWORD = 'Administrator-Nad-Kamienną-2026';

let sys: System;
let mongo: MongoClient;
let nc: NatsConnection;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let userContext: BrowserContext;
let userPage: Page;
let base: string;
let temporary = '';
let recoveryCodes: string[] = [];
const { field, click, logIn, changePassword, expectHeading, expectPath, expectFieldError } = pageHelpers(() => page);
const visited: { name: string; violations: Awaited<ReturnType<typeof axeViolations>> }[] = [];

describe.skipIf(!existsSync(CHROMIUM))('admin panel in a real browser', () => {
  beforeAll(async () => {
    sys = await startSystem({
      services: ['registration', 'notification'],
      infra: { only: ['mongo', 'nats', 'redis', 'mailpit'] },
      env: { registration: { LOGIN_RATE_PER_IP_PER_MINUTE: '1000' } },
    });
    base = sys.service('registration').baseUrl;
    mongo = await MongoClient.connect(sys.infra.mongoUrl);
    nc = await connect({ servers: sys.infra.natsUrl });
    await blockedAccount();
    browser = await launchChromium();
    // bypassCSP only lets the test inject axe-core; the pages themselves are served with the real CSP.
    context = await browser.newContext({ bypassCSP: true, locale: 'pl-PL' });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    userContext = await browser.newContext({ bypassCSP: true, locale: 'pl-PL' });
    userContext.setDefaultTimeout(10_000);
    userPage = await userContext.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await nc?.close();
    await mongo?.close();
    await sys?.stop();
  });

  it('1. the CLI creates the central admin and prints a temporary password', async () => {
    const out = await createCentralAdminCli(sys.infra, {
      login: ADMIN_LOGIN,
      email: 'admin@cas.example',
      firstName: 'Ewa',
      lastName: 'Centralna',
    });
    expect(out.status, out.stderr).toBe(0);
    temporary = out.temporaryPassword;
    expect(temporary).toMatch(/^[A-Za-z0-9]{20}$/);
  });

  it('2. temporary password → new password → second-factor enrolment (wrong code, then the right one) → recovery codes → /admin', async () => {
    await page.goto(`${base}/logowanie`);
    await expectHeading('Logowanie do CAS');
    await audit('login');
    await logIn(ADMIN_LOGIN, temporary);
    await expectPath('/zmiana-hasla');
    await expectHeading('Ustaw nowe hasło');
    await audit('forced password change');

    // Nothing else is reachable until the password is changed.
    await page.goto(`${base}/admin`);
    await expectPath('/zmiana-hasla');

    await changePassword(temporary, ADMIN_PASSWORD, `${ADMIN_PASSWORD}x`);
    await expectFieldError('Powtórz nowe hasło', 'Hasła nie są takie same.');
    await audit('forced password change with error');

    await changePassword(temporary, ADMIN_PASSWORD);
    await expectPath('/logowanie/drugi-skladnik');
    await expectHeading('Weryfikacja dwuetapowa');

    // The admin panel needs the second factor first: it sends the browser back to the enrolment page.
    await page.goto(`${base}/admin`);
    await expectPath('/logowanie/drugi-skladnik');
    await expectHeading('Weryfikacja dwuetapowa');
    const figure = page.locator('figure.totp-qr');
    expect(await figure.locator('svg').count()).toBe(1);
    const secret = normalise(await figure.locator('figcaption code').textContent());
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    // The QR code, as an authenticator app's camera sees it, carries the same key.
    const [uri] = await decodeQr(await figure.locator('svg').screenshot());
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect(new URL(uri!).searchParams.get('secret')).toBe(secret);
    expect(await field('Kod z aplikacji').count()).toBe(1);
    await audit('second-factor enrolment');

    // A wrong code: 401, the Polish error tied to the code field.
    const now = Date.now();
    const valid = new Set([-30_000, 0, 30_000].map((d) => totpCode(secret, now + d)));
    const wrong = ['000000', '111111', '222222', '333333'].find((c) => !valid.has(c))!;
    await field('Kod z aplikacji').fill(wrong);
    const rejected = await submitCode();
    expect(rejected.status()).toBe(401);
    await expectPath('/logowanie/drugi-skladnik');
    await expectFieldError(/^Kod z aplikacji/, 'Nieprawidłowy kod.');
    expect((await users().findOne({ login: ADMIN_LOGIN }))?.totp?.enrolledAt ?? null).toBeNull();
    await audit('second-factor enrolment with error');

    await codeField().fill(totpCode(secret, Date.now()));
    const accepted = await submitCode();
    expect(accepted.status()).toBe(200);
    await expectHeading('Weryfikacja dwuetapowa włączona');
    recoveryCodes = (await page.locator('ul.recovery-codes li code').allTextContents()).map(normalise);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const c of recoveryCodes) expect(c).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect((await users().findOne({ login: ADMIN_LOGIN }))?.totp?.enrolledAt).toBeInstanceOf(Date);
    await audit('recovery codes');

    await page.getByRole('link', { name: 'Przejdź do panelu administratora' }).click();
    await expectPath('/admin');
    await expectHeading('Panel administratora');
    expect(normalise(await page.locator('main').textContent())).toContain('Zakres: wszystkie województwa.');
    expect(await card().count()).toBe(0);
    await audit('admin');
  });

  it('3. finds the blocked user, unblocks them and ends their sessions; the audit trail lists both', async () => {
    await field('Login użytkownika').fill(LOGIN);
    await click('Szukaj');
    await page.waitForURL((url) => url.pathname === '/admin' && url.searchParams.get('login') === LOGIN);
    await card().waitFor();
    const before = normalise(await card().textContent());
    expect(before).toContain(LOGIN);
    expect(before).toContain('Jan Nowak');
    expect(before).toContain('konto zablokowane');
    expect(before).toContain('nieudane próby: 5');
    await audit('admin with search result');

    await click('Odblokuj konto');
    await page.waitForURL((url) => url.pathname === '/admin' && url.searchParams.get('login') === LOGIN);
    await card().waitFor();
    const after = normalise(await card().textContent());
    expect(after).toContain('konto aktywne');
    expect(after).toContain('nieudane próby: 0');
    expect(await page.getByRole('button', { name: 'Odblokuj konto' }).count()).toBe(0);
    const unblocked = await users().findOne({ login: LOGIN });
    expect(unblocked?.status).toBe('active');
    expect(unblocked?.failedAttempts).toBe(0);
    await audit('admin after unblock');

    // The unblocked user logs in with their own password in another browser.
    await userPage.goto(`${base}/logowanie`);
    await logIn(LOGIN, PASSWORD, userPage);
    await expectPath('/konto', userPage);
    await expectHeading('Witaj, Jan Nowak', userPage);
    const loggedInAt = Date.now();
    // Sessions count as ended when they began a full second before the revocation (sessions.ts): wait past that.
    await page.waitForTimeout(Math.max(0, loggedInAt + 1_100 - Date.now()));

    await click('Zakończ wszystkie sesje');
    await page.waitForURL((url) => url.pathname === '/admin' && url.searchParams.get('login') === LOGIN);
    await card().waitFor();
    await userPage.goto(`${base}/konto`);
    await expectPath('/logowanie', userPage);

    const rows = (await page.locator('section[aria-labelledby="audyt"] tbody tr').all()).map(async (r) =>
      (await r.locator('td').allTextContents()).map(normalise),
    );
    const audits = await Promise.all(rows);
    expect(audits).toContainEqual([expect.any(String), 'account-unblocked', 'sukces', ADMIN_LOGIN, LOGIN, expect.any(String)]);
    expect(audits).toContainEqual([expect.any(String), 'sessions-revoked', 'sukces', ADMIN_LOGIN, LOGIN, expect.any(String)]);
    await audit('admin after ending sessions');
  });

  it('4. logs out on /konto, logs in again with the new password, and passes the second factor with a recovery code', async () => {
    await page.getByRole('link', { name: 'Moje konto' }).click();
    await expectPath('/konto');
    await expectHeading('Witaj, Ewa Centralna');
    expect(await page.getByRole('link', { name: 'Panel administratora' }).count()).toBe(1);
    await audit('konto as admin');

    await click('Wyloguj');
    await expectHeading('Logowanie do CAS');
    expect(await page.getByRole('status').textContent()).toContain('Wylogowano.');
    await page.goto(`${base}/admin`);
    await expectPath('/logowanie');

    await logIn(ADMIN_LOGIN, ADMIN_PASSWORD);
    await expectPath('/logowanie/drugi-skladnik');
    await expectHeading('Weryfikacja dwuetapowa');
    // Enrolled: a code is asked for, no QR code and no key.
    expect(await page.locator('figure.totp-qr').count()).toBe(0);
    expect(await page.locator('svg').count()).toBe(0);
    expect(await field('Kod z aplikacji lub kod zapasowy').count()).toBe(1);
    await audit('second-factor code');

    // The panel is not reachable before the code.
    await page.goto(`${base}/admin`);
    await expectPath('/logowanie/drugi-skladnik');

    await field('Kod z aplikacji lub kod zapasowy').fill('zzzz-zzzz-zzzz');
    expect((await submitCode()).status()).toBe(401);
    await expectFieldError('Kod z aplikacji lub kod zapasowy', 'Nieprawidłowy kod.');
    await audit('second-factor code with error');

    await field('Kod z aplikacji lub kod zapasowy').fill(recoveryCodes[0]!);
    await submitCode();
    await expectPath('/admin');
    await expectHeading('Panel administratora');
  });

  it('5. the unblocked user logs in again and opens the PS area', async () => {
    await userPage.goto(`${base}/logowanie`);
    await logIn(LOGIN, PASSWORD, userPage);
    await expectPath('/konto', userPage);
    await expectHeading('Witaj, Jan Nowak', userPage);
    expect(await userPage.getByRole('link', { name: 'Panel administratora' }).count()).toBe(0);
    await audit('konto as user', userPage);

    await userPage.locator('ul.tiles').getByRole('link').first().click();
    await expectPath('/obszary/PS', userPage);
    await expectHeading('Obszar PS — Pomoc Społeczna', userPage);
    await audit('obszary/PS', userPage);

    // An ordinary user has no admin panel at all.
    const res = await userPage.goto(`${base}/admin`);
    expect(res?.status()).toBe(404);
  });

  it('has no WCAG 2.1 A/AA violations on any page visited', async () => {
    // The checker itself finds a known violation (an input without a label), so a clean result means something.
    await page.setContent(
      '<!doctype html><html lang="pl"><head><title>t</title></head><body><main><input type="text"></main></body></html>',
    );
    expect((await axeViolations(page)).map((v) => v.id)).toContain('label');
    expect(visited.map((v) => v.name)).toEqual([
      'login',
      'forced password change',
      'forced password change with error',
      'second-factor enrolment',
      'second-factor enrolment with error',
      'recovery codes',
      'admin',
      'admin with search result',
      'admin after unblock',
      'admin after ending sessions',
      'konto as admin',
      'second-factor code',
      'second-factor code with error',
      'konto as user',
      'obszary/PS',
    ]);
    expect(visited.filter((v) => v.violations.length > 0)).toEqual([]);
  });
});

const users = () =>
  mongo
    .db('cas_registration')
    .collection<{ login: string; status: string; failedAttempts: number; totp?: { enrolledAt: Date | null } | null }>('users');

/** An approved, active account blocked by five wrong passwords through the API. */
async function blockedAccount(): Promise<void> {
  await approvedAccount({ registrationUrl: base, mongo, nc }, APP);
  for (let i = 0; i < 5; i++) {
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: LOGIN, password: `zle-haslo-${i}-123456` }),
    });
    expect(login.status).toBe(401);
  }
  expect((await users().findOne({ login: LOGIN }))?.status).toBe('blocked');
}

async function audit(name: string, p: Page = page): Promise<void> {
  visited.push({ name, violations: await axeViolations(p) });
}

/** The second-factor code field, whichever label it has (enrolment or code). */
const codeField = () => page.locator('#f-code');

const card = () => page.locator('section[aria-labelledby="konta"] .card');

/** Submits the second-factor form; resolves with the response to the POST. */
async function submitCode(): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/logowanie/drugi-skladnik' && r.request().method() === 'POST'),
    click('Potwierdź'),
  ]);
  return response;
}
