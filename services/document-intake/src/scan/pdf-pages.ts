import { embeddedJpegs, pdfRisks } from './pdf-images.js';
import { findInSingleImage, type PageFindings } from './image-pages.js';
import { inProcessPdfReader, type PdfReader } from './pdf-reader.js';
import { REJECTED, RejectedFile, type ScanLimits } from './scan-limits.js';

export interface PdfFindings extends PageFindings {
  /** The text layer of the searched pages (an application number may be written there). */
  text: string;
}

/**
 * A PDF: refused when encrypted or carrying JavaScript (raw bytes); the embedded JPEGs read first (scanned
 * PDFs: one per page); then pdf.js (`reader`) counts the pages, refuses what it cannot open, keeps the text
 * layer for matching by number and, only when the embedded images held no QR code, renders the pages
 * (printed PDFs).
 */
export async function findInPdf(bytes: Uint8Array, limits: ScanLimits, reader: PdfReader = inProcessPdfReader): Promise<PdfFindings> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const risks = pdfRisks(buf);
  if (risks.encrypted) throw new RejectedFile(REJECTED.encryptedPdf);
  if (risks.javaScript) throw new RejectedFile(REJECTED.pdfJavaScript);
  const qr: string[] = [];
  for (const jpeg of embeddedJpegs(buf, limits.maxPages)) {
    qr.push(...(await findInSingleImage(jpeg, 'jpeg', limits).catch(() => ({ qr: [] as string[] }))).qr);
    if (qr.length > 0) break;
  }
  const read = await reader.read(bytes, limits, { render: qr.length === 0 });
  return { pages: read.pages, qr: qr.length > 0 ? qr : read.qr, text: read.text };
}
