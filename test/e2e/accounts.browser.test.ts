import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { MongoClient } from 'mongodb';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { approvedAccount, sampleApplication, startSystem, type System } from '@cas/testing';
import { axeViolations, CHROMIUM, launchChromium } from './browser-support.js';
import { normalise, pageHelpers } from './page-helpers.js';

/**
 * A person in Chromium uses an approved account: logs in and out, blocks the account with five wrong passwords,
 * gets it back through "Przypomnij hasło" (the temporary password read from the real e-mail in Mailpit), sets a
 * new password, and asks for another area in "Parametry użytkownika". axe-core checks every page for WCAG 2.1 A/AA.
 */
const TAG = 'browser-accounts';
const APP = sampleApplication(TAG);
const LOGIN = APP.user.login;
const EMAIL = APP.user.email;
const PASSWORD = APP.user.password;
const NEW_PASSWORD = 'Jesienne-Liście-Nad-Kamienną-88';
const GENERIC_ERROR = 'Nieprawidłowy login lub hasło albo konto jest zablokowane.';

let sys: System;
let mongo: MongoClient;
let nc: NatsConnection;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;
let userId = '';
const { field, click, logIn, changePassword, expectHeading, expectPath, expectFieldError } = pageHelpers(() => page);
const visited: { name: string; violations: Awaited<ReturnType<typeof axeViolations>> }[] = [];

describe.skipIf(!existsSync(CHROMIUM))('accounts in a real browser', () => {
  beforeAll(async () => {
    sys = await startSystem({
      services: ['registration', 'notification'],
      infra: { only: ['mongo', 'nats', 'redis', 'mailpit'] },
      env: { registration: { LOGIN_RATE_PER_IP_PER_MINUTE: '1000' } },
    });
    base = sys.service('registration').baseUrl;
    mongo = await MongoClient.connect(sys.infra.mongoUrl);
    nc = await connect({ servers: sys.infra.natsUrl });
    userId = await activeAccount();
    browser = await launchChromium();
    // bypassCSP only lets the test inject axe-core; the pages themselves are served with the real CSP.
    context = await browser.newContext({ bypassCSP: true, locale: 'pl-PL' });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await nc?.close();
    await mongo?.close();
    await sys?.stop();
  });

  it('1. logs in with the login and password, sees the PS tile on /konto, and logs out', async () => {
    await page.goto(`${base}/logowanie`);
    await expectHeading('Logowanie do CAS');
    await audit('login');
    await logIn(LOGIN, PASSWORD);

    await expectPath('/konto');
    await expectHeading('Witaj, Jan Nowak');
    const tiles = page.locator('ul.tiles').getByRole('link');
    expect(await tiles.count()).toBe(1);
    expect(await tiles.first().getAttribute('href')).toBe('/obszary/PS');
    expect(await tiles.first().textContent()).toContain('PS — Pomoc Społeczna');
    await audit('konto');

    await click('Wyloguj');
    await expectHeading('Logowanie do CAS');
    expect(await page.getByRole('status').textContent()).toContain('Wylogowano.');
    // The session is gone: the account page sends the browser back to the login page.
    await page.goto(`${base}/konto`);
    await expectPath('/logowanie');
  });

  it('2. five wrong passwords give the same generic error each time and block the account; the blocked e-mail arrives', async () => {
    await page.goto(`${base}/logowanie`);
    const errors: string[] = [];
    for (let i = 0; i < 5; i++) {
      await logIn(LOGIN, `zle-haslo-${i}-123456`);
      const alert = page.getByRole('alert');
      await alert.waitFor();
      errors.push(normalise(await alert.textContent()));
      expect(await alert.getByRole('link', { name: 'Przypomnij hasło' }).count()).toBe(1);
      // What was typed as the login stays; the password does not.
      expect(await field('Login lub adres e-mail').inputValue()).toBe(LOGIN);
      expect(await field('Hasło').inputValue()).toBe('');
      if (i === 0) await audit('login with error');
    }
    expect(new Set(errors).size).toBe(1);
    expect(errors[0]).toContain(GENERIC_ERROR);

    // The account is blocked: even the right password now gets the very same answer.
    await logIn(LOGIN, PASSWORD);
    await page.getByRole('alert').waitFor();
    expect(normalise(await page.getByRole('alert').textContent())).toBe(errors[0]);
    expect(new URL(page.url()).pathname).toBe('/logowanie');
    expect((await users().findOne({ login: LOGIN }))?.status).toBe('blocked');

    const blocked = await sys.mailpit.waitForOne(`to:"${EMAIL}" subject:"Konto zablokowane"`);
    const text = (await sys.mailpit.message(blocked.ID)).Text;
    expect(text).toContain(LOGIN);
    expect(text).toContain('5 nieudanych próbach');
    expect(text).toContain(`${portalLinks()}/przypomnij-haslo`);
  });

  it('3. "Przypomnij hasło" confirms without telling whether the account exists; the e-mail carries a temporary password', async () => {
    await page.getByRole('alert').getByRole('link', { name: 'Przypomnij hasło' }).click();
    await expectPath('/przypomnij-haslo');
    await expectHeading('Przypomnij hasło');
    await audit('reminder form');

    // Empty: the error is next to the field.
    await click('Wyślij hasło tymczasowe');
    await expectFieldError('Login lub adres e-mail', 'Podaj login lub adres e-mail.');
    await audit('reminder form with error');

    await field('Login lub adres e-mail').fill(LOGIN);
    await click('Wyślij hasło tymczasowe');
    const confirmation = page.getByRole('status');
    await confirmation.waitFor();
    expect(normalise(await confirmation.textContent())).toContain('Jeśli konto istnieje, wysłaliśmy');
    await audit('reminder sent');
  });

  let temporary = '';
  it('4. the temporary password from the e-mail forces a new password and leads to /konto', async () => {
    temporary = await temporaryPasswordFromMail();
    expect(temporary).toMatch(/^[A-Za-z0-9]{20}$/);

    await page.goto(`${base}/logowanie`);
    await logIn(LOGIN, temporary);
    await expectPath('/zmiana-hasla');
    await expectHeading('Ustaw nowe hasło');
    await audit('forced password change');

    // Nothing else is reachable until the password is changed.
    await page.goto(`${base}/konto`);
    await expectPath('/zmiana-hasla');

    // Two different new passwords: the error is next to the repeat field.
    await changePassword(temporary, NEW_PASSWORD, `${NEW_PASSWORD}x`);
    await expectFieldError('Powtórz nowe hasło', 'Hasła nie są takie same.');
    await audit('forced password change with error');

    await changePassword(temporary, NEW_PASSWORD);
    await expectPath('/konto');
    await expectHeading('Witaj, Jan Nowak');
    const user = await users().findOne({ login: LOGIN });
    expect(user?.status).toBe('active');
    expect(user?.failedAttempts).toBe(0);
  });

  it('5. asks for a sub-area of another area; the request is listed as "Oczekuje na decyzję"', async () => {
    await page.getByRole('link', { name: 'Parametry użytkownika' }).click();
    await expectPath('/parametry-uzytkownika');
    await expectHeading('Parametry użytkownika');
    expect(normalise(await page.locator('section[aria-labelledby="wnioski"]').textContent())).toContain('Nie składano wniosków.');
    await audit('parametry');

    await page.getByRole('link', { name: 'Wnioskuj o rozszerzenie uprawnień' }).click();
    await expectPath('/parametry-uzytkownika/rozszerzenie');
    await expectHeading('Wniosek o rozszerzenie uprawnień');
    await audit('rozszerzenie');

    // Nothing ticked: the Polish error is shown with the sub-areas, and the justification is kept.
    await field('Uzasadnienie').fill('Przejmuję sprawozdawczość świadczeń rodzinnych.');
    await click('Złóż wniosek');
    await expectHeading('Wniosek o rozszerzenie uprawnień');
    const subAreas = page.getByRole('group', { name: 'Podobszary' });
    const describedBy = (await subAreas.getAttribute('aria-describedby')) ?? '';
    expect(describedBy).not.toBe('');
    expect(await page.locator(`#${describedBy}`).textContent()).toContain('Wybierz co najmniej jeden podobszar.');
    expect(normalise(await page.getByRole('alert').textContent())).toContain('Wybierz co najmniej jeden podobszar.');
    expect(await field('Uzasadnienie').inputValue()).toBe('Przejmuję sprawozdawczość świadczeń rodzinnych.');
    await audit('rozszerzenie with errors');

    const sr = page.getByRole('group', { name: /^SR — / });
    await sr.getByRole('checkbox').first().check();
    await click('Złóż wniosek');
    await expectPath('/parametry-uzytkownika');
    await expectHeading('Parametry użytkownika');
    const requests = normalise(await page.locator('section[aria-labelledby="wnioski"]').textContent());
    expect(requests).toContain('SR/swiadczenia-rodzinne');
    expect(requests).toContain('Oczekuje na decyzję');
    await audit('parametry with request');

    const stored = await mongo
      .db('cas_registration')
      .collection<{ status: string; subAreas: { area: string; subArea: string }[] }>('permission_requests')
      .find({ userId }, { projection: { _id: 0, status: 1, subAreas: 1 } })
      .toArray();
    expect(stored.map((r) => [r.status, r.subAreas])).toEqual([['pending', [{ area: 'SR', subArea: 'swiadczenia-rodzinne' }]]]);
  });

  it('has no WCAG 2.1 A/AA violations on any page visited', async () => {
    // The checker itself finds a known violation (an input without a label), so a clean result means something.
    await page.setContent(
      '<!doctype html><html lang="pl"><head><title>t</title></head><body><main><input type="text"></main></body></html>',
    );
    expect((await axeViolations(page)).map((v) => v.id)).toContain('label');
    expect(visited.map((v) => v.name)).toEqual([
      'login',
      'konto',
      'login with error',
      'reminder form',
      'reminder form with error',
      'reminder sent',
      'forced password change',
      'forced password change with error',
      'parametry',
      'rozszerzenie',
      'rozszerzenie with errors',
      'parametry with request',
    ]);
    expect(visited.filter((v) => v.violations.length > 0)).toEqual([]);
  });
});

/** E-mails link to PORTAL_BASE_URL, which startSystem sets to http://localhost:<registration port>. */
const portalLinks = () => `http://localhost:${new URL(base).port}`;
const users = () => mongo.db('cas_registration').collection('users');

/** The account the test uses, approved as the approval service would; resolves with the user's id. */
async function activeAccount(): Promise<string> {
  return (await approvedAccount({ registrationUrl: base, mongo, nc }, APP)).userId;
}

/** The 20-character password on its own indented line after "…hasło tymczasowe:" in the text body. */
async function temporaryPasswordFromMail(): Promise<string> {
  const summary = await sys.mailpit.waitForOne(`to:"${EMAIL}" subject:"Hasło tymczasowe do CAS"`);
  const { Text } = await sys.mailpit.message(summary.ID);
  const match = /jednorazowe hasło tymczasowe:\r?\n\r?\n {4}(\S+)\r?\n/.exec(Text);
  expect(match, Text).not.toBeNull();
  expect(Text).not.toContain('{{temporaryPassword}}');
  expect(Text).toContain(`${portalLinks()}/logowanie`);
  return match![1]!;
}

async function audit(name: string): Promise<void> {
  visited.push({ name, violations: await axeViolations(page) });
}
