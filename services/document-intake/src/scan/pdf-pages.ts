import { createCanvas } from '@napi-rs/canvas';
import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import { embeddedJpegs, pdfRisks } from './pdf-images.js';
import { findInGreyPage, findInSingleImage, type PageFindings } from './image-pages.js';
import { luma } from './page-regions.js';
import { REJECTED, RejectedFile, type ScanLimits } from './scan-limits.js';

type PdfJs = typeof PdfJsModule;
let pdfjs: Promise<PdfJs> | undefined;
const loadPdfJs = () => (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs'));

/** Resolution pages are rendered at when they carry no embedded scan image (a PDF printed, not scanned). */
const RENDER_DPI = 200;

export interface PdfFindings extends PageFindings {
  /** The text layer of the searched pages (an application number may be written there). */
  text: string;
}

/**
 * A PDF: refused when encrypted or carrying JavaScript; pages counted by pdf.js; the embedded JPEGs read
 * first (scanned PDFs), then, when they hold no QR code, each page rendered (printed PDFs); the text layer
 * is kept for matching by number.
 */
export async function findInPdf(bytes: Uint8Array, limits: ScanLimits): Promise<PdfFindings> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const risks = pdfRisks(buf);
  if (risks.encrypted) throw new RejectedFile(REJECTED.encryptedPdf);
  if (risks.javaScript) throw new RejectedFile(REJECTED.pdfJavaScript);
  const { getDocument } = await loadPdfJs();
  let doc: Awaited<ReturnType<typeof getDocument>['promise']>;
  try {
    doc = await getDocument({
      data: new Uint8Array(bytes), // pdf.js takes ownership of (detaches) the buffer it is given
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: true,
      verbosity: 0,
    }).promise;
  } catch (e) {
    throw new RejectedFile((e as Error).name === 'PasswordException' ? REJECTED.encryptedPdf : REJECTED.corrupt, (e as Error).message);
  }
  try {
    const pages = doc.numPages;
    if (pages > limits.maxPagesReject) throw new RejectedFile(REJECTED.tooManyPages, String(pages));
    const searched = Math.min(pages, limits.maxPages);
    const qr: string[] = [];
    for (const jpeg of embeddedJpegs(buf, searched)) {
      qr.push(...(await findInSingleImage(jpeg, 'jpeg', limits).catch(() => ({ qr: [] as string[] }))).qr);
      if (qr.length > 0) break;
    }
    const texts: string[] = [];
    for (let n = 1; n <= searched; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      texts.push(content.items.map((i) => ('str' in i ? i.str : '')).join(' '));
      if (qr.length === 0) qr.push(...(await renderAndRead(page, limits)));
      page.cleanup();
    }
    return { pages, qr, text: texts.join('\n') };
  } catch (e) {
    if (e instanceof RejectedFile) throw e;
    throw new RejectedFile(REJECTED.corrupt, (e as Error).message);
  } finally {
    await doc.destroy();
  }
}

type PdfPage = Awaited<ReturnType<Awaited<ReturnType<PdfJs['getDocument']>['promise']>['getPage']>>;

/** One page rendered at 200 dpi (less when that would pass the pixel limit), greyscale, to the QR reader (likely region first). */
async function renderAndRead(page: PdfPage, limits: ScanLimits): Promise<string[]> {
  const base = page.getViewport({ scale: 1 });
  const wanted = RENDER_DPI / 72;
  const scale = Math.min(wanted, Math.sqrt(limits.maxPixels / Math.max(1, base.width * base.height)));
  const viewport = page.getViewport({ scale });
  const width = Math.max(1, Math.ceil(viewport.width));
  const height = Math.max(1, Math.ceil(viewport.height));
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  await page.render({ canvasContext: ctx, canvas, viewport } as unknown as Parameters<PdfPage['render']>[0]).promise;
  const rgba = ctx.getImageData(0, 0, width, height).data;
  return findInGreyPage(luma(rgba, 4), width, height);
}
