import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worker } from 'node:worker_threads';
import { scannedPage, scannerPdf, waitFor } from '@cas/testing';
import { REJECTED, RejectedFile, type ScanLimits } from '../src/scan/scan-limits.js';
import { LIMITS } from './scan-test-limits.js';
import type { FileFindings } from '../src/scan/analyse-file.js';

// The pool starts its threads from the built modules (`dist/scan/*.js`), as the service does; `npm test` builds first.
const { createAnalysisPool } = (await import('../dist/scan/analysis-pool.js')) as {
  createAnalysisPool: (
    threads: number,
    logger: unknown,
  ) => {
    analyse(bytes: Uint8Array, limits: ScanLimits): Promise<FileFindings>;
    threads(): { pdf: Worker; analysis: Worker[] };
    close(): Promise<void>;
  };
};
// The dist module's RejectedFile is its own class: compare by name and reason.
const reasonOf = (e: unknown) => (e instanceof Error && e.name === RejectedFile.name ? (e as RejectedFile).reason : String(e));

const PAYLOAD = 'CAS1|26/2026/000456|ABCDEFGH';
const errors: unknown[] = [];
const logger = { error: (o: unknown) => errors.push(o), warn: () => undefined, info: () => undefined };
let pool: ReturnType<typeof createAnalysisPool>;

beforeAll(() => {
  pool = createAnalysisPool(2, logger);
});
afterAll(async () => {
  await pool?.close();
});

describe('analysis pool: image threads and the pdf thread', () => {
  it('a scanner PDF, a printed PDF (rendered in the pdf thread) and a JPEG give what they give in-process', async () => {
    const page = await scannedPage(PAYLOAD, { quality: 70 });
    const [scanned, printed, jpeg] = await Promise.all([
      pool.analyse(await scannerPdf([{ jpeg: page, text: 'Wniosek 26/2026/000456' }]), LIMITS),
      pool.analyse(await scannerPdf([{ flate: await scannedPage(PAYLOAD, { format: 'png' }) }]), LIMITS),
      pool.analyse(page, LIMITS),
    ]);
    expect(scanned).toMatchObject({ type: 'application/pdf', pages: 1, qr: [PAYLOAD] });
    expect(scanned.text).toContain('26/2026/000456');
    expect(printed).toMatchObject({ type: 'application/pdf', pages: 1, qr: [PAYLOAD] });
    expect(jpeg).toMatchObject({ type: 'image/jpeg', pages: 1, qr: [PAYLOAD] });
  });

  it("the pdf thread's refusals come back as rejections with their reason", async () => {
    const broken = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF');
    await expect(pool.analyse(broken, LIMITS).catch(reasonOf)).resolves.toBe(REJECTED.corrupt);
    const pages = await scannerPdf(Array.from({ length: 5 }, () => ({ text: 'strona' })));
    await expect(pool.analyse(pages, { ...LIMITS, maxPagesReject: 4 }).catch(reasonOf)).resolves.toBe(REJECTED.tooManyPages);
  });

  it('when the pdf thread dies, the files in flight fail (their jobs retry) and the pool goes on with a new one', async () => {
    const pdf = await scannerPdf([{ flate: await scannedPage(PAYLOAD, { format: 'png' }) }]);
    const before = pool.threads();
    const inFlight = pool.analyse(pdf, LIMITS).then(
      () => 'done',
      (e: Error) => e.message,
    );
    await new Promise((r) => setTimeout(r, 30)); // the render has started in the pdf thread
    await before.pdf.terminate();
    expect(await inFlight).toMatch(/done|analysis thread exited/);
    await waitFor('every analysis thread replaced', async () => {
      const now = pool.threads().analysis;
      return now.length === 2 && !now.some((w) => before.analysis.includes(w));
    });
    expect(pool.threads().pdf).not.toBe(before.pdf);
    expect((await pool.analyse(pdf, LIMITS)).qr).toEqual([PAYLOAD]);
    expect(errors.length).toBeGreaterThan(0);
  });
});
