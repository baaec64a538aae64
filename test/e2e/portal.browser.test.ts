import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { regonFor, sampleApplication, startSystem, type System } from '@cas/testing';
import { axeViolations, decodeQr, launchChromium, pdfPages, rasterise } from './browser-support.js';

/**
 * A person in Chromium: fills the registration form, gets the confirmation, prints the form to PDF; the PDF is
 * rasterised and its QR decoded back to the number and code. axe-core checks every page for WCAG 2.1 A/AA.
 */
let sys: System;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;
const visited: { name: string; violations: Awaited<ReturnType<typeof axeViolations>> }[] = [];

async function audit(name: string): Promise<void> {
  visited.push({ name, violations: await axeViolations(page) });
}

beforeAll(async () => {
  sys = await startSystem({ services: ['registration'] });
  base = sys.service('registration').baseUrl;
  browser = await launchChromium();
  // bypassCSP only lets the test inject axe-core; the pages themselves are served with the real CSP.
  context = await browser.newContext({ bypassCSP: true, locale: 'pl-PL' });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await sys?.stop();
});

describe('registration portal in a real browser', () => {
  it('start, help, status and login pages are reachable from the start page', async () => {
    await page.goto(`${base}/`);
    await audit('start');
    for (const [link, heading] of [
      ['Pomoc', 'Pomoc dla użytkowników'],
      ['Status wniosku', 'Status wniosku'],
      ['Logowanie', 'Logowanie do CAS'],
    ] as const) {
      await page.goto(`${base}/`);
      await page.getByRole('navigation', { name: 'Menu główne' }).getByRole('link', { name: link }).click();
      await expectHeading(heading);
      await audit(link);
    }
    await page.goto(`${base}/pomoc`);
    expect(await page.getByRole('link', { name: /Sprawozdanie MPiPS-03/ }).count()).toBe(1);
    await page.goto(`${base}/nie-ma-takiej-strony`);
    await audit('404');
  });

  it('shows the errors next to the fields and keeps what was typed', async () => {
    await page.goto(`${base}/rejestracja`);
    await audit('registration form');
    await page.getByLabel('Nazwa jednostki').fill('GOPS w Chmielniku');
    await page.getByLabel('REGON', { exact: true }).fill('123456789');
    await page.getByLabel(labelled('Imię')).fill('Anna');
    await page.getByRole('button', { name: 'Wyślij wniosek' }).click();
    await expectHeading('Rejestracja jednostki i użytkownika');
    expect(await page.getByRole('alert').textContent()).toContain('Popraw błędy');
    expect(await page.getByLabel('Nazwa jednostki').inputValue()).toBe('GOPS w Chmielniku');
    expect(await page.getByLabel(labelled('Imię')).inputValue()).toBe('Anna');
    const regon = page.getByLabel('REGON', { exact: true });
    expect(await regon.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await regon.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`#${describedBy.split(' ').pop()}`).textContent()).toContain('Niepoprawny REGON');
    await audit('registration form with errors');
  });

  it('registers a unit and a user, prints the form, and the printed QR decodes to the number and code', async () => {
    await page.goto(`${base}/rejestracja`);
    const fill = (label: string, value: string) => page.getByLabel(labelled(label)).fill(value);
    await fill('Nazwa jednostki', 'Gminny Ośrodek Pomocy Społecznej w Chmielniku');
    await page.getByLabel('Typ jednostki').selectOption({ label: 'Ośrodek pomocy społecznej (OPS, MOPS, GOPS)' });
    await fill('REGON', regonFor('browser'));
    await fill('Kod TERYT gminy', '2604032');
    await fill('Ulica i numer', 'ul. Furmańska 20');
    await fill('Kod pocztowy', '26-020');
    await fill('Miejscowość', 'Chmielnik');
    await fill('Kierownik jednostki', 'Barbara Kowalczyk');
    await fill('E-mail jednostki', 'gops@chmielnik.example');
    await fill('Telefon jednostki', '41 354 32 10');
    await fill('Imię', 'Anna');
    await fill('Nazwisko', 'Mazur');
    await fill('Twój e-mail', 'anna.mazur@chmielnik.example');
    await fill('Twój telefon', '+48 601 222 333');
    await fill('Stanowisko', 'Główna księgowa');
    await fill('Login', 'amazur');
    await fill('Hasło', 'Kwitnąca jabłoń w Chmielniku');
    await fill('Powtórz hasło', 'Kwitnąca jabłoń w Chmielniku');
    await page.getByLabel('Sprawozdania resortowe (MPiPS-03, MPiPS-05)').check();
    await page.getByLabel('Świadczenia rodzinne').check();
    await page.getByLabel(/Zapoznałem\(-am\) się z klauzulą/).check();
    await page.getByRole('button', { name: 'Wyślij wniosek' }).click();

    await expectHeading('Wniosek zapisany');
    await audit('confirmation');
    const number = (await page.locator('.success-panel strong.big').textContent())!.trim();
    const code = (await page.locator('.success-panel strong.code').textContent())!.trim();
    expect(number).toMatch(/^26\/\d{4}\/\d{6}$/);
    expect(code).toMatch(/^[A-Z2-7]{8}$/);
    expect(await page.textContent('main')).toContain('/SUWKielce/SkrytkaESP');

    await page.getByRole('link', { name: 'Drukuj formularz' }).click();
    await expectHeading(/Wniosek o rejestrację jednostki i użytkownika/);
    await audit('printable form');
    const main = (await page.textContent('main')) ?? '';
    for (const text of [
      number,
      code,
      'Gminny Ośrodek Pomocy Społecznej w Chmielniku',
      'amazur',
      'podpis kierownika jednostki',
      'wps00@kielce.uw.gov.pl',
    ])
      expect(main).toContain(text);

    const dir = mkdtempSync(join(tmpdir(), 'cas-print-'));
    const pdf = join(dir, 'formularz.pdf');
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: false });
    await page.emulateMedia({ media: 'screen' });
    const pages = pdfPages(pdf);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(2);
    const pngs = rasterise(pdf, dir, 200);
    expect(pngs).toHaveLength(pages);
    const decoded = await decodeQr(new Uint8Array(readFileSync(pngs[0]!)));
    expect(decoded).toEqual([`CAS1|${number}|${code}`]);
    // The number is on every printed page (running header), as text a scanner's OCR can read too.
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    const pageTexts = text.split('\f').filter((t) => t.trim().length > 0);
    expect(pageTexts).toHaveLength(pages);
    for (const t of pageTexts) expect(t).toContain(number);
    copyFileSync(pngs[0]!, join(tmpdir(), 'cas-last-printed-form.png'));

    await page.goto(`${base}/status?number=${encodeURIComponent(number)}`);
    expect(await page.textContent('main')).toContain('Oczekuje na podpisany formularz');
    await audit('status with result');
  });

  it('the longest possible application still prints on at most two A4 pages', async () => {
    const catalogues = (await (await fetch(`${base}/api/v1/catalogues`)).json()) as {
      areas: { code: string; subAreas: { code: string }[] }[];
    };
    const grants = catalogues.areas.flatMap((a) => a.subAreas.map((sa) => ({ area: a.code, subArea: sa.code })));
    const long = (n: number, word: string) =>
      Array.from({ length: Math.ceil(n / (word.length + 1)) }, () => word)
        .join(' ')
        .slice(0, n)
        .trim();
    const body = sampleApplication('longest');
    const res = await fetch(`${base}/api/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...body,
        unit: {
          ...body.unit,
          name: long(300, 'Środowiskowy'),
          address: { ...body.unit.address, street: long(200, 'Aleja'), city: long(100, 'Miasto') },
          managerName: long(200, 'Kowalska'),
        },
        user: { ...body.user, firstName: long(100, 'Maria'), lastName: long(100, 'Nowak'), position: long(200, 'Specjalistka') },
        grants,
      }),
    });
    expect(res.status).toBe(201);
    const { formUrl } = (await res.json()) as { formUrl: string };
    await page.goto(formUrl.replace(/^https?:\/\/[^/]+/, base));
    const dir = mkdtempSync(join(tmpdir(), 'cas-print-long-'));
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: join(dir, 'long.pdf'), preferCSSPageSize: true });
    await page.emulateMedia({ media: 'screen' });
    const pages = pdfPages(join(dir, 'long.pdf'));
    expect(pages).toBeLessThanOrEqual(2);
    expect(grants.length).toBe(10);
  });

  it('has no WCAG 2.1 A/AA violations on any page visited', async () => {
    // The checker itself finds a known violation (an input without a label), so a clean result means something.
    await page.setContent(
      '<!doctype html><html lang="pl"><head><title>t</title></head><body><main><input type="text"></main></body></html>',
    );
    expect((await axeViolations(page)).map((v) => v.id)).toContain('label');
    const failing = visited.filter((v) => v.violations.length > 0);
    expect(visited.length).toBeGreaterThanOrEqual(9);
    expect(failing).toEqual([]);
  });
});

/** A field's label, optionally followed by the required-field asterisk. */
function labelled(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`);
}

async function expectHeading(name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 10_000 });
}
