import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { MongoClient } from 'mongodb';
import {
  createMailroomKey,
  degrade,
  sampleApplication,
  scannerPdf,
  settled,
  startSystem,
  uploadScans,
  waitFor,
  type Degradation,
  type System,
} from '@cas/testing';
import { launchChromium, rasterise } from './browser-support.js';

/**
 * The scan corpus of issue #5 from real forms: applications submitted to registration, their printable forms
 * printed to PDF by Chromium, rasterised at 150/200/300 dpi and degraded as scanners and phones do, then handed
 * to intake through the mailroom API. Each must come back matched by its QR code with the code verified.
 */
let sys: System;
let browser: Browser;
let mongo: MongoClient;
let dir: string;
let apiKey: string;

interface Form {
  number: string;
  pdf: string;
}

async function printedForm(tag: string): Promise<Form> {
  const res = await fetch(`${sys.service('registration').baseUrl}/api/v1/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(sampleApplication(tag)),
  });
  expect(res.status).toBe(201);
  const { number, formUrl } = (await res.json()) as { number: string; formUrl: string };
  const page = await browser.newPage();
  await page.goto(formUrl.replace(/^https?:\/\/[^/]+/, sys.service('registration').baseUrl));
  await page.emulateMedia({ media: 'print' });
  const pdf = join(dir, `${tag}.pdf`);
  await page.pdf({ path: pdf, preferCSSPageSize: true });
  await page.close();
  await waitFor(
    'intake knows the application',
    async () => (await mongo.db('cas_intake').collection('open_applications').findOne({ number })) !== null,
  );
  return { number, pdf };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cas-corpus-'));
  sys = await startSystem({ services: ['registration', 'document-intake'] });
  mongo = await MongoClient.connect(sys.infra.mongoUrl);
  browser = await launchChromium();
  apiKey = (await createMailroomKey(sys.infra, '26', 'Kancelaria (korpus)')).apiKey;
});
afterAll(async () => {
  await browser?.close();
  await mongo?.close();
  await sys?.stop();
  if (!process.env.CAS_KEEP_TEST_DIRS) rmSync(dir, { recursive: true, force: true });
});

describe('scan corpus from real printed forms', () => {
  it('≥ 98 % of degraded scans are matched by QR with the code verified', { timeout: 300_000 }, async () => {
    const forms = [await printedForm('korpus1'), await printedForm('korpus2')];
    const variants: [string, Degradation][] = [
      ['q90', { quality: 90 }],
      ['q65', { quality: 65 }],
      ['q40', { quality: 40 }],
      ['grey q60', { grey: true, quality: 60 }],
      ['B/W TIFF G4', { format: 'tiff-g4' }],
      ['PNG', { format: 'png' }],
      ['+2.5°', { rotate: 2.5, quality: 70 }],
      ['-5°', { rotate: -5, quality: 70 }],
      ['90°', { rotate: 90, quality: 70 }],
      ['180°', { rotate: 180, quality: 70 }],
      ['blur 1.2', { blur: 1.2, quality: 70 }],
      ['noise 14', { noise: 14, quality: 60 }],
      ['photo perspective', { perspective: 0.07, rotate: 1.5, quality: 60 }],
    ];
    const uploads: { label: string; number: string; file: Buffer; name: string }[] = [];
    for (const form of forms) {
      // As printed (a vector PDF e-mailed straight from the browser): the renderer path.
      uploads.push({ label: 'printed PDF', number: form.number, file: readFileSync(form.pdf), name: 'formularz.pdf' });
      for (const dpi of [150, 200, 300]) {
        const out = join(dir, `${form.number.replaceAll('/', '-')}-${dpi}`);
        mkdirSync(out, { recursive: true });
        const pages = rasterise(form.pdf, out, dpi);
        const first = readFileSync(pages[0]!);
        const chosen = dpi === 200 ? variants : variants.filter(([l]) => ['q65', 'grey q60', 'B/W TIFF G4', '+2.5°'].includes(l));
        for (const [label, d] of chosen) {
          const file = await degrade(first, d);
          const ext = d.format === 'png' ? 'png' : d.format?.startsWith('tiff') ? 'tif' : 'jpg';
          uploads.push({ label: `${dpi} dpi ${label}`, number: form.number, file, name: `skan.${ext}` });
        }
        if (dpi === 200) {
          // A scanner's multi-page PDF with a cover letter first and the form on page 2.
          const cover = await degrade(readFileSync(pages[pages.length - 1]!), { quality: 60 });
          const pdf = await scannerPdf([{ jpeg: cover }, { jpeg: await degrade(first, { quality: 70, grey: true }) }]);
          uploads.push({ label: '200 dpi scanner PDF, form on page 2', number: form.number, file: pdf, name: 'skan.pdf' });
        }
      }
    }
    const failed: string[] = [];
    for (const u of uploads) {
      const res = await uploadScans(sys.service('document-intake').baseUrl, apiKey, [{ name: u.name, bytes: u.file }]);
      expect(res.status, u.label).toBe(202);
      const { scanId } = (await res.json()) as { scanId: string };
      const view = await settled(sys.service('document-intake').baseUrl, apiKey, scanId, 60_000);
      if (!(view.status === 'matched' && view.matchedBy === 'qr' && view.verified === true && view.applicationNumber === u.number))
        failed.push(`${u.label}: ${JSON.stringify(view)}`);
    }
    const rate = (uploads.length - failed.length) / uploads.length;
    console.log(`scan corpus from printed forms: ${uploads.length - failed.length}/${uploads.length} matched and verified`);
    expect(rate, failed.join('\n')).toBeGreaterThanOrEqual(0.98);
  });
});
