import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import sharp from 'sharp';
import { scannedPage } from '@cas/testing';
import { cropGrey, likelyRegion, luma } from '../src/scan/page-regions.js';
import { findInGreyPage } from '../src/scan/image-pages.js';
import { readQrCodes, pgm } from '../src/scan/qr-reader.js';

const PAYLOAD = 'CAS1|26/2026/000123|ABCDEFGH';

describe('likely region of the QR code', () => {
  it('stays inside the page for any size and sits at the top right of a portrait page, top left of a landscape one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 1, max: 20_000 }), (w, h) => {
        const r = likelyRegion(w, h);
        expect(r.left).toBeGreaterThanOrEqual(0);
        expect(r.top).toBe(0);
        expect(r.width).toBeGreaterThan(0);
        expect(r.height).toBeGreaterThan(0);
        expect(r.left + r.width).toBeLessThanOrEqual(w);
        expect(r.top + r.height).toBeLessThanOrEqual(h);
        if (w <= h) expect(r.left + r.width).toBe(w);
        else expect(r.left).toBe(0);
      }),
    );
  });

  it('crops exactly the region’s pixels', () => {
    const width = 7;
    const grey = Uint8Array.from({ length: width * 5 }, (_, i) => i);
    const out = cropGrey(grey, width, { left: 4, top: 1, width: 3, height: 2 });
    expect([...out]).toEqual([11, 12, 13, 18, 19, 20]);
  });

  it('turns RGB, RGBA and grey-alpha pixels into luma', () => {
    expect([...luma(Uint8Array.from([255, 255, 255, 0, 0, 0]), 3)]).toEqual([255, 0]);
    expect([...luma(Uint8Array.from([255, 0, 0, 255]), 4)]).toEqual([76]);
    expect([...luma(Uint8Array.from([9, 255, 7, 0]), 2)]).toEqual([9, 7]);
    const one = Uint8Array.from([1, 2, 3]);
    expect(luma(one, 1)).toBe(one);
  });

  it('finds the code of an upright form in the region alone, and of an upside-down one on the whole page', async () => {
    for (const rotate of [2, 180]) {
      const { data, info } = await sharp(await scannedPage(PAYLOAD, { dpi: 200, rotate, format: 'png' }))
        .greyscale()
        .raw()
        .toBuffer({ resolveWithObject: true });
      const r = likelyRegion(info.width, info.height);
      const inRegion = await readQrCodes(pgm(cropGrey(data, info.width, r), r.width, r.height));
      expect(inRegion).toEqual(rotate === 2 ? [PAYLOAD] : []);
      expect(await findInGreyPage(data, info.width, info.height)).toEqual([PAYLOAD]);
    }
  });
});
