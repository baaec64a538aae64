import sharp, { type Metadata } from 'sharp';
import { pgm, readQrCodes } from './qr-reader.js';
import { REJECTED, RejectedFile, type ScanLimits } from './scan-limits.js';

export interface PageFindings {
  pages: number;
  qr: string[];
}

/** Reads the header only: dimensions and page count, before anything is decoded. */
async function header(bytes: Uint8Array, limits: ScanLimits) {
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { pages: -1, limitInputPixels: false }).metadata();
  } catch (e) {
    throw new RejectedFile(REJECTED.corrupt, (e as Error).message);
  }
  const width = meta.width ?? 0;
  const pageHeight = meta.pageHeight ?? meta.height ?? 0;
  if (width <= 0 || pageHeight <= 0) throw new RejectedFile(REJECTED.corrupt, 'no dimensions');
  if (width * pageHeight > limits.maxPixels) throw new RejectedFile(REJECTED.tooManyPixels, `${width}×${pageHeight}`);
  const pages = meta.pages ?? 1;
  if (pages > limits.maxPagesReject) throw new RejectedFile(REJECTED.tooManyPages, String(pages));
  return { pages };
}

/** A JPEG must end with EOI and a PNG with IEND: a cut-off upload is rejected, not half-read. */
function complete(bytes: Uint8Array, type: 'jpeg' | 'png'): boolean {
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 64)));
  return type === 'jpeg' ? tail.includes(Buffer.from([0xff, 0xd9])) : tail.includes(Buffer.from('IEND', 'latin1'));
}

/**
 * JPEG or PNG: after the header check, zxing reads the bytes itself (its decoder is faster here than a
 * round trip through libvips). When that finds nothing, once more after libvips stretched the contrast
 * (grey, faded or dark scans).
 */
export async function findInSingleImage(bytes: Uint8Array, type: 'jpeg' | 'png', limits: ScanLimits): Promise<PageFindings> {
  await header(bytes, limits);
  if (!complete(bytes, type)) throw new RejectedFile(REJECTED.corrupt, 'truncated');
  let qr: string[];
  try {
    qr = await readQrCodes(bytes);
  } catch (e) {
    throw new RejectedFile(REJECTED.corrupt, (e as Error).message);
  }
  if (qr.length === 0) qr = await readQrCodes(await greyPage(bytes, 0, limits));
  return { pages: 1, qr };
}

/** TIFF (multi-page, G4 black-and-white included): every page up to the limit, through libvips. */
export async function findInTiff(bytes: Uint8Array, limits: ScanLimits): Promise<PageFindings> {
  const { pages } = await header(bytes, limits);
  const qr: string[] = [];
  for (let page = 0; page < Math.min(pages, limits.maxPages) && qr.length === 0; page++) {
    qr.push(...(await readQrCodes(await greyPage(bytes, page, limits))));
  }
  return { pages, qr };
}

/** One page as normalised greyscale PGM (libvips, off the main thread). */
async function greyPage(bytes: Uint8Array, page: number, limits: ScanLimits): Promise<Uint8Array> {
  try {
    const { data, info } = await sharp(bytes, { page, limitInputPixels: limits.maxPixels, failOn: 'error' })
      .greyscale()
      .normalise()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return pgm(data, info.width, info.height);
  } catch (e) {
    const message = (e as Error).message;
    throw new RejectedFile(/pixel limit/i.test(message) ? REJECTED.tooManyPixels : REJECTED.corrupt, message);
  }
}
