import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { MongoClient } from 'mongodb';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  centralAdminSession,
  createMailroomKey,
  degrade,
  sampleApplication,
  settled,
  startSystem,
  uploadScans,
  voivodeshipAdminSession,
  waitFor,
  type System,
} from '@cas/testing';
import { axeViolations, launchChromium, rasterise } from './browser-support.js';
import { pageHelpers } from './page-helpers.js';

/**
 * The golden path of DESIGN §9, all four services and real servers: an application submitted to registration,
 * its printable form printed by Chromium, rasterised and degraded as a scanner does, posted by the mailroom,
 * matched by intake through its QR code, approved by the voivodeship admin in the admin UI, and the activation
 * e-mail in Mailpit; the user then logs in to CAS.
 */
let sys: System;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let mongo: MongoClient;
let nc: NatsConnection;
let dir: string;
const { logIn, expectPath } = pageHelpers(() => page);
const violations: { page: string; id: string; target: string }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cas-golden-'));
  sys = await startSystem({
    services: ['registration', 'document-intake', 'approval', 'notification'],
    env: { registration: { LOGIN_RATE_PER_IP_PER_MINUTE: '1000' } },
  });
  mongo = await MongoClient.connect(sys.infra.mongoUrl);
  nc = await connect({ servers: sys.infra.natsUrl });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'pl-PL' });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await nc?.close();
  await mongo?.close();
  await sys?.stop();
  if (!process.env.CAS_KEEP_TEST_DIRS) rmSync(dir, { recursive: true, force: true });
});

describe('golden path: register → printed form → scan → approval → activation e-mail → login', () => {
  it('goes through every service with a real scan of the printed form', { timeout: 180_000 }, async () => {
    const reg = sys.service('registration').baseUrl.replace('127.0.0.1', 'localhost');
    const approval = sys.service('approval').baseUrl.replace('127.0.0.1', 'localhost');
    const app = sampleApplication('golden');
    const res = await fetch(`${reg}/api/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(app),
    });
    expect(res.status).toBe(201);
    const { id, number, verificationCode, formUrl } = (await res.json()) as {
      id: string;
      number: string;
      verificationCode: string;
      formUrl: string;
    };
    const submitted = await sys.mailpit.waitForOne(`to:"${app.user.email}" subject:"${number}"`);
    const submittedText = (await sys.mailpit.message(submitted.ID)).Text;
    expect(submittedText).toContain(verificationCode);
    expect(submittedText).toContain('Wydrukuj formularz');

    // The applicant prints the form; the signed sheet comes back through a scanner: 200 dpi, skewed, blurred, JPEG.
    await page.goto(formUrl.replace(/^https?:\/\/[^/]+/, reg));
    await page.emulateMedia({ media: 'print' });
    const pdf = join(dir, 'formularz.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true });
    await page.emulateMedia({ media: 'screen' });
    const scan = await degrade(readFileSync(rasterise(pdf, dir, 200)[0]!), { rotate: 1.5, blur: 0.6, noise: 6, quality: 70 });

    const intake = sys.service('document-intake').baseUrl;
    const key = (await createMailroomKey(sys.infra, '26', 'Kancelaria ŚUW')).apiKey;
    const upload = await uploadScans(intake, key, [{ name: 'skan-podpisanego-formularza.jpg', bytes: scan }], {
      channel: 'epuap',
      sender: '/GOPS/SkrytkaESP',
      subject: 'Wniosek CAS',
      externalId: `RPW/${number}`,
    });
    expect(upload.status).toBe(202);
    const view = await settled(intake, key, ((await upload.json()) as { scanId: string }).scanId);
    expect(view).toMatchObject({ status: 'matched', applicationNumber: number, matchedBy: 'qr', verified: true });
    await waitFor('ready for review', async () => {
      const item = await mongo
        .db('cas_approval')
        .collection('review_items')
        .findOne({ _id: id as never });
      return item?.status === 'ready-for-review';
    });

    // The voivodeship admin of 26 reviews it in the admin UI next to the scan and approves.
    const central = await centralAdminSession(sys.service('registration').baseUrl, sys.infra, 'golden');
    const admin = await voivodeshipAdminSession(sys.service('registration').baseUrl, nc, central.cookie, '26', 'golden');
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
    await page.goto(`${approval}/`);
    await page.getByRole('link', { name: number }).click();
    const main = (await page.textContent('main')) ?? '';
    expect(main).toContain(verificationCode);
    expect(main).toContain('kod QR (kod weryfikacyjny zgodny)');
    for (const v of await axeViolations(page)) violations.push({ page: 'review', id: v.id, target: v.target });
    await page.getByLabel('Skan jest podpisany i zgodny z danymi wniosku').check();
    await page.getByRole('button', { name: 'Zatwierdź wniosek' }).click();
    await page.waitForURL(/\?ok=zatwierdzony/);

    // Registration activates the account; notification tells the user, with the login link.
    const activated = await sys.mailpit.waitForOne(`to:"${app.user.email}" subject:"Konto w CAS jest aktywne"`, 60_000);
    const mail = await sys.mailpit.message(activated.ID);
    expect(mail.Subject).toContain(app.user.login);
    expect(mail.Text).toContain('/logowanie');

    // And the user logs in to CAS.
    await context.clearCookies();
    await page.goto(`${reg}/logowanie`);
    await logIn(app.user.login, app.user.password);
    await expectPath('/konto');
    expect(await page.textContent('main')).toContain('PS');
    expect(violations).toEqual([]);
  });
});
