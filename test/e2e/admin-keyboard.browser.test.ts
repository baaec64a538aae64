import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { MongoClient } from 'mongodb';
import { centralAdminSession, readyForReview, startSystem, type System } from '@cas/testing';
import { axeViolations, launchChromium } from './browser-support.js';

/**
 * The administrator's keyboard and scan viewer (issue #6, step 8) in Chromium: j/k/Enter on the queue; n, a, r
 * and the "?" help dialog on the review page, never while typing; zoom and rotate of an image scan; axe-core on
 * both pages and the open dialog; and the same review page with JavaScript off (forms work, no viewer buttons).
 */
let sys: System;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let mongo: MongoClient;
let base: string;
let adminCookie: string;
/** The queue's rows' links, oldest first (two ready-for-review items). */
let rows: string[] = [];
const violations: { page: string; id: string; target: string }[] = [];
const pageErrors: string[] = [];

async function audit(name: string) {
  for (const v of await axeViolations(page)) violations.push({ page: name, id: v.id, target: v.target });
}

/** A browser context carrying the central admin's session cookie (set by registration on localhost). */
async function adminContext(javaScriptEnabled = true): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, javaScriptEnabled });
  await ctx.addCookies([{ name: 'cas_session', value: adminCookie, domain: 'localhost', path: '/', httpOnly: true, sameSite: 'Lax' }]);
  return ctx;
}

const activeId = (p: Page) => p.evaluate(() => document.activeElement?.id ?? '');
const path = (p: Page) => new URL(p.url()).pathname;

beforeAll(async () => {
  sys = await startSystem({ services: ['registration', 'document-intake', 'approval'] });
  mongo = await MongoClient.connect(sys.infra.mongoUrl);
  browser = await launchChromium();
  const admin = await centralAdminSession(sys.service('registration').baseUrl, sys.infra, 'keys');
  adminCookie = admin.cookie.split('=').slice(1).join('=');
  base = sys.service('approval').baseUrl.replace('127.0.0.1', 'localhost');
  context = await adminContext();
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    // Chromium's own favicon request is not the page's.
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) pageErrors.push(`${m.text()} (${m.location().url})`);
  });
});
afterAll(async () => {
  await browser?.close();
  await mongo?.close();
  await sys?.stop();
});

describe('admin keyboard shortcuts and scan viewer', () => {
  it('queue: j, j, Enter opens the second row’s application; the row shows the focus', { timeout: 150_000 }, async () => {
    await readyForReview(sys, mongo, 'keys1');
    await readyForReview(sys, mongo, 'keys2');
    await page.goto(`${base}/`);
    await page.getByRole('button', { name: 'Skróty klawiszowe: ?' }).waitFor();
    rows = await page.locator('table.queue tbody tr a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    expect(rows).toHaveLength(2);
    await audit('queue');

    const focusedRow = () =>
      page.evaluate(() =>
        Array.from(document.querySelectorAll('table.queue tbody tr')).findIndex((r) => r.contains(document.activeElement)),
      );
    await page.keyboard.press('j');
    expect(await focusedRow()).toBe(0);
    await page.keyboard.press('j');
    expect(await focusedRow()).toBe(1);
    await page.keyboard.press('k');
    expect(await focusedRow()).toBe(0);
    await page.keyboard.press('j');
    // The highlight: a 3px outline in the accent colour on the row (not colour alone).
    const outline = await page
      .locator('table.queue tbody tr')
      .nth(1)
      .evaluate((r) => {
        const s = getComputedStyle(r);
        return `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`;
      });
    expect(outline).toBe('solid 3px rgb(11, 61, 115)');
    await audit('queue with a highlighted row');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === rows[1]);
  });

  it('review page: a and r move the focus, n goes to the next ready item, never while typing', { timeout: 60_000 }, async () => {
    await page.goto(`${base}${rows[0]}`);
    await page.getByRole('button', { name: 'Skróty klawiszowe: ?' }).waitFor();
    expect(await page.getByRole('link', { name: 'Następny wniosek' }).getAttribute('href')).toBe(rows[1]);
    await audit('review page');

    await page.keyboard.press('a');
    expect(await activeId(page)).toBe('potwierdzam');
    await page.keyboard.press('r');
    expect(await activeId(page)).toBe('powod');

    // Typing an "n" in the justification stays typing; so does a key with a modifier held.
    const text = page.getByLabel('Uzasadnienie (trafi do wnioskodawcy)');
    await text.click();
    await page.keyboard.type('n');
    expect(await text.inputValue()).toBe('n');
    await text.evaluate((el) => (el as HTMLElement).blur());
    await page.keyboard.press('Alt+n');
    await page.waitForTimeout(300);
    expect(path(page)).toBe(rows[0]);

    await page.keyboard.press('n');
    await page.waitForURL((url) => url.pathname === rows[1]);
    // The last ready item has no next one.
    expect(await page.locator('a[rel="next"]').count()).toBe(0);
    await audit('review page of the last item');
  });

  it('review page: ? opens the help dialog, Esc and "Zamknij" close it', async () => {
    await page.goto(`${base}${rows[0]}`);
    const hint = page.getByRole('button', { name: 'Skróty klawiszowe: ?' });
    await hint.waitFor();
    const dialog = page.getByRole('dialog', { name: 'Skróty klawiszowe' });
    expect(await dialog.isVisible()).toBe(false);
    await page.keyboard.press('?');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.textContent()).toContain('następnego wniosku');
    await audit('help dialog');
    // While it is open the other keys do nothing.
    await page.keyboard.press('n');
    await page.waitForTimeout(200);
    expect(path(page)).toBe(rows[0]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    await hint.click();
    await dialog.waitFor({ state: 'visible' });
    await dialog.getByRole('button', { name: 'Zamknij' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // The focus returns to the button that opened it.
    expect(await page.evaluate(() => document.activeElement?.textContent?.replace(/\s+/g, ' ').trim())).toBe('Skróty klawiszowe: ?');
    // "?" typed into a field stays a character.
    const text = page.getByLabel('Uzasadnienie (trafi do wnioskodawcy)');
    await text.click();
    await page.keyboard.type('?');
    expect(await dialog.isVisible()).toBe(false);
    expect(await text.inputValue()).toBe('?');
  });

  it('scan viewer: zoom and rotate change the image’s size and transform; Dopasuj fits it again', async () => {
    await page.goto(`${base}${rows[0]}`);
    await page.waitForFunction(() => {
      const el = document.querySelector('main img');
      return el instanceof HTMLImageElement && el.complete && el.naturalWidth > 0;
    });
    const img = page.getByRole('img', { name: /Skan podpisanego formularza/ });
    const look = () =>
      img.evaluate((el) => {
        const s = getComputedStyle(el);
        const m = new DOMMatrix(s.transform);
        return {
          width: Math.round(el.getBoundingClientRect().width),
          cssWidth: parseFloat(s.width),
          a: Math.round(m.a),
          b: Math.round(m.b),
        };
      });
    const fit = await look();
    expect(fit).toMatchObject({ a: 1, b: 0 });
    const viewer = page.getByRole('region', { name: 'Podgląd skanu (przewijany)' });
    expect(fit.cssWidth).toBeLessThanOrEqual((await viewer.evaluate((el) => el.clientWidth)) + 1);

    await page.getByRole('button', { name: 'Powiększ' }).click();
    await expect.poll(async () => (await look()).cssWidth).toBeGreaterThan(fit.cssWidth * 1.2);
    expect(await viewer.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await page.getByRole('button', { name: 'Pomniejsz' }).click();
    await page.getByRole('button', { name: 'Pomniejsz' }).click();
    await expect.poll(async () => (await look()).cssWidth).toBeLessThan(fit.cssWidth);

    await page.getByRole('button', { name: 'Obróć w prawo' }).click();
    await expect.poll(async () => ({ a: (await look()).a, b: (await look()).b })).toEqual({ a: 0, b: 1 });
    await page.getByRole('button', { name: 'Obróć w prawo' }).click();
    await expect.poll(async () => ({ a: (await look()).a, b: (await look()).b })).toEqual({ a: -1, b: 0 });
    await page.getByRole('button', { name: 'Obróć w lewo' }).click();
    await page.getByRole('button', { name: 'Obróć w lewo' }).click();
    await page.getByRole('button', { name: 'Obróć w lewo' }).click();
    await expect.poll(async () => ({ a: (await look()).a, b: (await look()).b })).toEqual({ a: 0, b: -1 });
    // Sideways, the page's box is as wide as the container: the portrait image is narrower than at fit.
    await page.getByRole('button', { name: 'Dopasuj' }).click();
    await expect.poll(async () => (await look()).cssWidth).toBeLessThan(fit.cssWidth);
    await page.getByRole('button', { name: 'Obróć w prawo' }).click();
    await expect.poll(async () => await look()).toEqual(fit);
    expect(await page.locator('[data-viewer-state]').textContent()).toBe('Powiększenie 100%, obrót 0°');
    await audit('review page after zoom and rotation');
  });

  it('without JavaScript the review page has its forms and links but no hint or viewer buttons; approving still posts', async () => {
    const noJs = await adminContext(false);
    const p = await noJs.newPage();
    await p.goto(`${base}${rows[0]}`);
    expect(await p.getByRole('link', { name: 'Następny wniosek' }).getAttribute('href')).toBe(rows[1]);
    expect(await p.getByRole('img', { name: /Skan podpisanego formularza/ }).count()).toBe(1);
    for (const name of ['Powiększ', 'Pomniejsz', 'Obróć w prawo', 'Obróć w lewo', 'Dopasuj', 'Skróty klawiszowe: ?'])
      expect(await p.getByRole('button', { name }).count()).toBe(0);
    expect(await p.getByRole('dialog').count()).toBe(0);
    expect(await p.getByRole('button', { name: 'Odrzuć wniosek' }).count()).toBe(1);
    await p.getByLabel('Skan jest podpisany i zgodny z danymi wniosku').check();
    await p.getByRole('button', { name: 'Zatwierdź wniosek' }).click();
    await p.waitForURL(/\?ok=zatwierdzony/);
    expect(await p.getByRole('status').textContent()).toContain('Wniosek zatwierdzony');
    await noJs.close();
  });

  it('has no WCAG 2.1 A/AA violations and no script or CSP errors', () => {
    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
