import { describe, expect, it } from 'vitest';
import { deflateSync, zipSync } from 'fflate';
import sharp from 'sharp';
import { analyseFile } from '../src/scan/analyse-file.js';
import { REJECTED, RejectedFile } from '../src/scan/scan-limits.js';
import { LIMITS } from './scan-test-limits.js';
import { parseQrPayload } from '../src/domain/evidence.js';
import { multiPageTiff, scannedPage, scannerPdf } from '@cas/testing';

const PAYLOAD = 'CAS1|26/2026/000123|ABCDEFGH';

async function rejection(bytes: Uint8Array, limits = LIMITS): Promise<string> {
  try {
    await analyseFile(bytes, limits);
  } catch (e) {
    if (e instanceof RejectedFile) return e.reason;
    throw e;
  }
  throw new Error('not rejected');
}

/** A PNG whose header claims `width`×`height` but holds almost nothing: the decompression/pixel bomb. */
function pngClaiming(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from(deflateSync(new Uint8Array(1024)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('analyseFile: formats', () => {
  it('finds the QR code on a JPEG, a PNG and a greyscale LZW TIFF scan', async () => {
    for (const format of ['jpeg', 'png', 'tiff'] as const) {
      const found = await analyseFile(await scannedPage(PAYLOAD, { format }), LIMITS);
      expect(found.qr, format).toContain(PAYLOAD);
      expect(found.pages).toBe(1);
    }
  });

  it('reads a scanner PDF (one JPEG per page) with the form on page 2, and its text layer', async () => {
    const pdf = await scannerPdf([
      { jpeg: await scannedPage(null, { grey: true }), text: 'Pismo przewodnie' },
      { jpeg: await scannedPage(PAYLOAD, { grey: true, quality: 60 }), text: 'Wniosek 26/2026/000123' },
    ]);
    const found = await analyseFile(pdf, LIMITS);
    expect(found.type).toBe('application/pdf');
    expect(found.pages).toBe(2);
    expect(found.qr).toContain(PAYLOAD);
    expect(found.text).toContain('26/2026/000123');
  });

  it('renders a PDF whose page holds no JPEG (a printed PDF) and reads its QR code', async () => {
    const found = await analyseFile(await scannerPdf([{ flate: await scannedPage(PAYLOAD, { format: 'png' }), text: 'Wniosek' }]), LIMITS);
    expect(found.pages).toBe(1);
    expect(found.qr).toContain(PAYLOAD);
    expect(found.text).toContain('Wniosek');
  });

  it('reads every page of a multi-page TIFF', async () => {
    const tiff = await multiPageTiff([await scannedPage(null, { format: 'png' }), await scannedPage(PAYLOAD, { format: 'png' })]);
    const found = await analyseFile(tiff, LIMITS);
    expect(found.pages).toBe(2);
    expect(found.qr).toContain(PAYLOAD);
  });

  it('reads the documents of an ePUAP ZIP package and skips its signature and metadata', async () => {
    const zip = zipSync({
      'wniosek.pdf': new Uint8Array(await scannerPdf([{ jpeg: await scannedPage(PAYLOAD) }])),
      'wniosek.pdf.xades': new TextEncoder().encode('<xades:Signature/>'),
      'metadane.xml': new TextEncoder().encode('<metadane/>'),
    });
    const found = await analyseFile(zip, LIMITS);
    expect(found.type).toBe('application/zip');
    expect(found.qr).toContain(PAYLOAD);
    expect(found.text).toContain('wniosek.pdf');
  });

  it('a page without any code gives no QR (and is no error)', async () => {
    expect((await analyseFile(await scannedPage(null), LIMITS)).qr).toEqual([]);
  });
});

describe('analyseFile: bad files end rejected with a reason', () => {
  it('empty, unknown type, truncated, wrong magic, polyglot', async () => {
    const jpeg = await scannedPage(PAYLOAD);
    expect(await rejection(new Uint8Array())).toBe(REJECTED.empty);
    expect(await rejection(new TextEncoder().encode('to nie jest skan, tylko tekst udający PDF'))).toBe(REJECTED.unsupportedType);
    expect(await rejection(jpeg.subarray(0, Math.floor(jpeg.length / 2)))).toBe(REJECTED.corrupt);
    // GIF and BMP are not on the allow-list whatever the name says.
    expect(await rejection(await sharp(jpeg).gif().toBuffer())).toBe(REJECTED.unsupportedType);
    // A JPEG header glued in front of a PDF: read as what its first bytes say, and broken as that.
    const polyglot = Buffer.concat([jpeg.subarray(0, 200), await scannerPdf([{ text: 'x' }])]);
    expect(await rejection(polyglot)).toBe(REJECTED.corrupt);
  });

  it('a pixel bomb is refused from its header, before decoding', async () => {
    const before = process.memoryUsage().rss;
    expect(await rejection(pngClaiming(100_000, 100_000))).toBe(REJECTED.tooManyPixels);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('encrypted PDFs and PDFs with JavaScript', async () => {
    expect(await rejection(await scannerPdf([{ text: 'x' }], { trailerExtra: '/Encrypt << /Filter /Standard /V 1 /R 2 >>' }))).toBe(
      REJECTED.encryptedPdf,
    );
    expect(
      await rejection(await scannerPdf([{ text: 'x' }], { catalogExtra: '/OpenAction << /S /JavaScript /JS (app.alert(1)) >>' })),
    ).toBe(REJECTED.pdfJavaScript);
    // A script action without the word /JavaScript: hex string, after a line break.
    expect(
      await rejection(await scannerPdf([{ text: 'x' }], { catalogExtra: '/AA << /WC << /S /X /JS\n<6170702e616c657274283129> >> >>' })),
    ).toBe(REJECTED.pdfJavaScript);
    // A name that only starts with /JS is no script.
    expect((await analyseFile(await scannerPdf([{ text: 'x' }], { catalogExtra: '/JSInfo (none)' }), LIMITS)).pages).toBe(1);
    expect(await rejection(Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF'))).toBe(REJECTED.corrupt);
  });

  it('a ZIP bomb stops at the ratio limit; too many entries and a package inside a package are refused', async () => {
    const before = process.memoryUsage().rss;
    const bomb = zipSync({ 'wniosek.pdf': new Uint8Array(64 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(await rejection(bomb)).toBe(REJECTED.zipLimits);
    expect(process.memoryUsage().rss - before).toBeLessThan(300 * 1024 * 1024);
    const many = zipSync(Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`s${i}.xml`, new Uint8Array([60, 97, 47, 62])])));
    expect(await rejection(many)).toBe(REJECTED.zipLimits);
    const nested = zipSync({ 'inner.zip': zipSync({ 'a.pdf': new Uint8Array(await scannerPdf([{ text: 'x' }])) }) });
    expect(await rejection(nested)).toBe(REJECTED.zipLimits);
    expect(await rejection(zipSync({ 'a.xml': new TextEncoder().encode('<a/>') }))).toBe(REJECTED.zipEmpty);
  });

  it('too many pages', async () => {
    const pdf = await scannerPdf(Array.from({ length: 5 }, () => ({ text: 'strona' })));
    expect(await rejection(pdf, { ...LIMITS, maxPagesReject: 4 })).toBe(REJECTED.tooManyPages);
  });
});

describe('degraded scan corpus', () => {
  it('≥ 98 % of forms scanned and degraded as scanners and phones do are read back to number and code', async () => {
    const cases: [string, Parameters<typeof scannedPage>[1]][] = [];
    for (const dpi of [150, 200, 300]) {
      for (const quality of [40, 65, 90]) cases.push([`${dpi} dpi q${quality}`, { dpi, quality }]);
      cases.push([`${dpi} dpi grey`, { dpi, grey: true }]);
      cases.push([`${dpi} dpi B/W G4`, { dpi, format: 'tiff-g4' }]);
    }
    for (const rotate of [-5, -3, -1.5, 1, 2.5, 5, 90, 180, 270]) cases.push([`rotated ${rotate}°`, { rotate, quality: 70 }]);
    for (const blur of [0.8, 1.2, 1.6]) cases.push([`blur ${blur}`, { blur, quality: 70 }]);
    for (const noise of [8, 16, 24]) cases.push([`noise ${noise}`, { noise, quality: 70 }]);
    cases.push(['photo-like perspective', { perspective: 0.08, rotate: 2, quality: 60 }]);
    cases.push(['150 dpi, skew, blur, noise, q40', { dpi: 150, rotate: 3, blur: 0.8, noise: 10, quality: 40 }]);
    cases.push(['grey, 180°, noise', { grey: true, rotate: 180, noise: 12, quality: 55 }]);
    const failed: string[] = [];
    for (const [i, [label, d]] of cases.entries()) {
      const payload = `CAS1|26/2026/${String(100_000 + i).padStart(6, '0')}|ABCDEFG${'234567'[i % 6]}`;
      const found = await analyseFile(await scannedPage(payload, d), LIMITS);
      const qr = found.qr.map(parseQrPayload);
      if (!qr.some((q) => q && `CAS1|${q.number}|${q.code}` === payload)) failed.push(label);
    }
    const rate = (cases.length - failed.length) / cases.length;
    expect(failed, `read ${(rate * 100).toFixed(1)} % of ${cases.length}`).toEqual([]);
    expect(rate).toBeGreaterThanOrEqual(0.98);
  }, 180_000);
});
