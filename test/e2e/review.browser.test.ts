import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { MongoClient } from 'mongodb';
import {
  activeUserId,
  centralAdminSession,
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
import { axeViolations, launchChromium } from './browser-support.js';

/**
 * The administrator's review in Chromium: the queue, the application next to its scan, approve with the
 * confirmation, reject with a reason; the page for a visitor without a session. axe-core on every page.
 */
let sys: System;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let mongo: MongoClient;
const violations: { page: string; id: string; target: string }[] = [];

async function audit(name: string) {
  for (const v of await axeViolations(page)) violations.push({ page: name, id: v.id, target: v.target });
}

beforeAll(async () => {
  sys = await startSystem({ services: ['registration', 'document-intake', 'approval', 'notification'] });
  mongo = await MongoClient.connect(sys.infra.mongoUrl);
  browser = await launchChromium();
  const admin = await centralAdminSession(sys.service('registration').baseUrl, sys.infra, 'browser');
  context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  // The session cookie registration sets on localhost (cookies are shared across ports there).
  await context.addCookies([
    {
      name: 'cas_session',
      value: admin.cookie.split('=').slice(1).join('='),
      domain: 'localhost',
      path: '/',
      httpOnly: true,
      sameSite: 'Lax',
    },
  ]);
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await mongo?.close();
  await sys?.stop();
});

describe('admin review in the browser', () => {
  it('queue → review page with the scan → approve with confirmation; reject with a reason', { timeout: 120_000 }, async () => {
    const approve = await readyForReview(sys, mongo, 'ui1');
    const reject = await readyForReview(sys, mongo, 'ui2');
    const base = sys.service('approval').baseUrl.replace('127.0.0.1', 'localhost');
    await page.goto(`${base}/`);
    expect(await page.textContent('h1')).toContain('Wnioski rejestracyjne');
    await audit('queue');
    await page.getByRole('link', { name: approve.number }).click();
    expect(await page.textContent('h1')).toContain(approve.number);
    expect(await page.textContent('main')).toContain(approve.verificationCode);
    const img = page.getByRole('img', { name: /Skan podpisanego formularza/ });
    await img.waitFor();
    // The scan comes through approval from intake, with the admin's token: wait until it has loaded.
    await page.waitForFunction(() => {
      const el = document.querySelector('main img');
      return el instanceof HTMLImageElement && el.complete && el.naturalWidth > 0;
    });
    expect(await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(1000);
    await audit('review page');
    // Without the confirmation the browser refuses (required); the server would too.
    await page.getByRole('button', { name: 'Zatwierdź wniosek' }).click();
    expect(page.url()).toContain(`/wnioski/${approve.id}`);
    await page.getByLabel('Skan jest podpisany i zgodny z danymi wniosku').check();
    await page.getByRole('button', { name: 'Zatwierdź wniosek' }).click();
    await page.waitForURL(/\?ok=zatwierdzony/);
    expect(await page.getByRole('status').textContent()).toContain('Wniosek zatwierdzony');
    await audit('queue after a decision');
    await activeUserId(mongo, sampleApplication('ui1').user.login);

    await page.goto(`${base}/wnioski/${reject.id}`);
    await page.getByLabel('Powód').selectOption('missing-signature');
    await page.getByLabel('Uzasadnienie (trafi do wnioskodawcy)').fill('Brak podpisu kierownika na stronie 1.');
    await page.getByRole('button', { name: 'Odrzuć wniosek' }).click();
    await page.waitForURL(/\?ok=odrzucony/);
    await page.goto(`${base}/wnioski/${reject.id}`);
    expect(await page.textContent('main')).toContain('Brak podpisu kierownika jednostki');
    await audit('decided review page');
  });

  it('unmatched inbox → the scan → search the application → assign; the audit and the permission queue', { timeout: 120_000 }, async () => {
    const base = sys.service('approval').baseUrl.replace('127.0.0.1', 'localhost');
    const intake = sys.service('document-intake').baseUrl;
    const key = (await createMailroomKey(sys.infra, '26')).apiKey;
    const up = await uploadScans(intake, key, [{ name: 'pismo.jpg', bytes: await scannedPage(null, { quality: 70 }) }], {
      channel: 'email',
      sender: 'gops@gmina.example',
      subject: 'Formularz bez kodu',
    });
    const scanId = ((await up.json()) as { scanId: string }).scanId;
    expect((await settled(intake, key, scanId)).status).toBe('unmatched');
    const app = sampleApplication('browserassign');
    const res = await fetch(`${sys.service('registration').baseUrl}/api/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(app),
    });
    const { number } = (await res.json()) as { number: string };
    await waitFor('both in the read model', async () => {
      const db = mongo.db('cas_approval');
      return (
        (await db.collection('unmatched_scans').findOne({ _id: scanId as never })) !== null &&
        (await db.collection('review_items').findOne({ number })) !== null
      );
    });
    await page.goto(`${base}/skany-niedopasowane`);
    expect(await page.textContent('h1')).toBe('Skany niedopasowane');
    await audit('unmatched inbox');
    await page.goto(`${base}/skany-niedopasowane/${scanId}`);
    await page.getByLabel('Szukaj wniosku (numer, nazwa jednostki, REGON, login)').fill(number);
    await page.getByRole('button', { name: 'Szukaj' }).click();
    await page.getByLabel(new RegExp(number.replace(/\//g, '\\/'))).check();
    await audit('unmatched scan with candidates');
    await page.getByRole('button', { name: 'Przypisz skan do wybranego wniosku' }).click();
    await page.waitForURL(/\?ok=przypisany/);
    expect(await page.getByRole('status').textContent()).toContain('Skan przypisany');
    await audit('inbox after assignment');
    await page.goto(`${base}/audyt`);
    expect(await page.textContent('main')).toContain('skan przypisany do wniosku');
    await audit('audit');
    await page.goto(`${base}/uprawnienia`);
    await audit('permission reviews');
  });

  it('failed e-mails with their retry button, and the e-mail template preview', { timeout: 60_000 }, async () => {
    // A delivery notification gave up on (as after a 550 from the relay), written the way its ledger holds it.
    await mongo
      .db('cas_notification')
      .collection('deliveries')
      .insertOne({
        _id: 'ui-failed--application-submitted--0000000000000000' as never,
        eventId: 'ui-failed',
        template: 'application-submitted',
        recipient: 'nieistnieje@example.test',
        subject: 'CAS: wniosek rejestracyjny 26/2026/000999 przyjęty',
        text: 'Treść',
        html: '<p>Treść</p>',
        messageId: '<ui-failed.application-submitted@cas-rejestracja.local>',
        voivodeship: '26',
        status: 'failed',
        attempts: 1,
        lastError: '550 5.1.1 User unknown',
        createdAt: new Date(),
        failedAt: new Date(),
      });
    const base = sys.service('approval').baseUrl.replace('127.0.0.1', 'localhost');
    await page.goto(`${base}/nieudane-emaile`);
    expect(await page.textContent('h1')).toBe('Nieudane e-maile');
    expect(await page.textContent('main')).toContain('550 5.1.1 User unknown');
    await audit('failed e-mails');
    await page.getByRole('button', { name: 'Ponów wysyłkę do nieistnieje@example.test' }).click();
    await page.waitForURL(/ok=ponowiono/);
    expect(await page.textContent('[role=status]')).toContain('Wysyłka ponowiona');
    await audit('failed e-mails after a retry');
    await page.getByRole('link', { name: 'Podgląd szablonów e-maili' }).click();
    expect(await page.textContent('h1')).toBe('Podgląd szablonów e-maili');
    await page.waitForLoadState('load');
    await expect.poll(() => page.locator('iframe.email-html').count()).toBeGreaterThanOrEqual(14);
    await audit('e-mail template preview');
  });

  it('a visitor without a session gets a Polish page pointing to the login', async () => {
    const anonymous = await browser.newContext();
    const p = await anonymous.newPage();
    const res = await p.goto(`${sys.service('approval').baseUrl}/`);
    expect(res?.status()).toBe(401);
    expect(await p.textContent('h1')).toBe('Zaloguj się');
    expect(await p.getByRole('link', { name: 'Przejdź do logowania' }).getAttribute('href')).toMatch(/\/logowanie$/);
    page = p;
    await audit('login needed');
    await anonymous.close();
  });

  it('has no WCAG 2.1 A/AA violations on any page visited', () => {
    expect(violations).toEqual([]);
  });
});
