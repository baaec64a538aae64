import { createCanvas } from '@napi-rs/canvas';
import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import { findInGreyPage } from './image-pages.js';
import { luma } from './page-regions.js';
import { REJECTED, RejectedFile, type ScanLimits } from './scan-limits.js';

/** What pdf.js reads from a PDF: its page count, the text layer of the searched pages and, when asked, QR codes on the rendered pages. */
export interface PdfReading {
  pages: number;
  text: string;
  qr: string[];
}

/**
 * pdf.js behind a port. The service runs it in a thread of its own (`pdf-thread.ts`): loaded, pdf.js keeps some
 * 40 MB of live heap, and every major GC of the thread that also decodes images would mark all of it (issue #5).
 */
export interface PdfReader {
  read(bytes: Uint8Array, limits: ScanLimits, opts: { render: boolean }): Promise<PdfReading>;
}

type PdfJs = typeof PdfJsModule;
let pdfjs: Promise<PdfJs> | undefined;
const loadPdfJs = () => (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs'));

/** Resolution pages are rendered at when they carry no embedded scan image (a PDF printed, not scanned). */
const RENDER_DPI = 200;

/**
 * pdf.js in this thread: refuses a PDF it cannot open (corrupt, or encrypted as pdf.js sees it) or one with too
 * many pages; reads the text layer of the searched pages; renders them (likely region first) when asked.
 */
export const inProcessPdfReader: PdfReader = {
  async read(bytes, limits, { render }) {
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
      const texts: string[] = [];
      const qr: string[] = [];
      for (let n = 1; n <= Math.min(pages, limits.maxPages); n++) {
        const page = await doc.getPage(n);
        const content = await page.getTextContent();
        texts.push(content.items.map((i) => ('str' in i ? i.str : '')).join(' '));
        if (render && qr.length === 0) qr.push(...(await renderAndRead(page, limits)));
        page.cleanup();
      }
      return { pages, text: texts.join('\n'), qr };
    } catch (e) {
      if (e instanceof RejectedFile) throw e;
      throw new RejectedFile(REJECTED.corrupt, (e as Error).message);
    } finally {
      await doc.destroy();
    }
  },
};

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
