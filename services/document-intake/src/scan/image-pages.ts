import sharp, { type Metadata } from 'sharp';
import { cropGrey, likelyRegion, luma } from './page-regions.js';
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
  return { pages, width, height: pageHeight };
}

/** A JPEG must end with EOI and a PNG with IEND: a cut-off upload is rejected, not half-read. */
function complete(bytes: Uint8Array, type: 'jpeg' | 'png'): boolean {
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 64)));
  return type === 'jpeg' ? tail.includes(Buffer.from([0xff, 0xd9])) : tail.includes(Buffer.from('IEND', 'latin1'));
}

const decodeError = (e: unknown) => {
  const message = (e as Error).message;
  return new RejectedFile(/pixel limit/i.test(message) ? REJECTED.tooManyPixels : REJECTED.corrupt, message);
};

/**
 * JPEG or PNG: after the header check, the likely region first — libvips decodes a JPEG top down and stops
 * after the rows it needs, so an upright form costs about a third of a decode and a small search. When that
 * finds nothing, zxing reads the whole file itself (its decoder is faster here than a round trip through
 * libvips), and last once more after libvips stretched the contrast (grey, faded or dark scans).
 */
export async function findInSingleImage(bytes: Uint8Array, type: 'jpeg' | 'png', limits: ScanLimits): Promise<PageFindings> {
  const { width, height } = await header(bytes, limits);
  if (!complete(bytes, type)) throw new RejectedFile(REJECTED.corrupt, 'truncated');
  const region = await regionPgm(bytes, width, height, limits);
  let qr = region ? await readQrCodes(region) : [];
  if (qr.length > 0) return { pages: 1, qr };
  try {
    qr = await readQrCodes(bytes);
  } catch (e) {
    throw new RejectedFile(REJECTED.corrupt, (e as Error).message);
  }
  if (qr.length === 0) qr = await readQrCodes(await greyPage(bytes, 0, limits));
  return { pages: 1, qr };
}

/**
 * The likely region of a single-image file, decoded as greyscale PGM without decoding the rest; null when
 * libvips refuses the bytes (zxing's own, more lenient decoder still gets its turn on the whole file).
 */
async function regionPgm(bytes: Uint8Array, width: number, height: number, limits: ScanLimits): Promise<Uint8Array | null> {
  try {
    const { data, info } = await sharp(bytes, { sequentialRead: true, limitInputPixels: limits.maxPixels, failOn: 'error' })
      .extract(likelyRegion(width, height))
      .raw()
      .toBuffer({ resolveWithObject: true });
    return pgm(luma(data, info.channels), info.width, info.height);
  } catch {
    return null;
  }
}

/** TIFF (multi-page, G4 black-and-white included): every page up to the limit, through libvips. */
export async function findInTiff(bytes: Uint8Array, limits: ScanLimits): Promise<PageFindings> {
  const { pages } = await header(bytes, limits);
  const qr: string[] = [];
  for (let page = 0; page < Math.min(pages, limits.maxPages) && qr.length === 0; page++) {
    const { data, info } = await greyRaw(bytes, page, limits);
    qr.push(...(await findInGreyPage(data, info.width, info.height)));
  }
  return { pages, qr };
}

/** A decoded greyscale page (TIFF page, rendered PDF page): its likely region, then the whole page. */
export async function findInGreyPage(grey: Uint8Array, width: number, height: number): Promise<string[]> {
  const region = likelyRegion(width, height);
  const qr = await readQrCodes(pgm(cropGrey(grey, width, region), region.width, region.height));
  return qr.length > 0 ? qr : readQrCodes(pgm(grey, width, height));
}

/** One page as normalised greyscale pixels (libvips, off the main thread). */
async function greyRaw(bytes: Uint8Array, page: number, limits: ScanLimits) {
  try {
    return await sharp(bytes, { page, limitInputPixels: limits.maxPixels, failOn: 'error' })
      .greyscale()
      .normalise()
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (e) {
    throw decodeError(e);
  }
}

async function greyPage(bytes: Uint8Array, page: number, limits: ScanLimits): Promise<Uint8Array> {
  const { data, info } = await greyRaw(bytes, page, limits);
  return pgm(data, info.width, info.height);
}
