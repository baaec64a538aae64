import { FILE_TYPES, detectFileType, type FileType } from '../domain/file-type.js';
import { findInSingleImage, findInTiff } from './image-pages.js';
import { findInPdf } from './pdf-pages.js';
import { inProcessPdfReader, type PdfReader } from './pdf-reader.js';
import { unpackZip } from './zip-package.js';
import { REJECTED, RejectedFile, type ScanLimits } from './scan-limits.js';

export interface FileFindings {
  type: FileType;
  pages: number;
  /** Raw QR texts, in the order found (the caller decides which are CAS forms). */
  qr: string[];
  /** Text found in the file itself (PDF text layer; names of files inside a package). */
  text: string;
}

/**
 * What a file says about itself: its real type (by magic bytes), its page count, the QR codes on its pages
 * and its text. Throws `RejectedFile` with a reason for anything that is not a usable document; any other
 * error is a fault worth a retry. `pdf` is where pdf.js runs (the service: a thread of its own).
 */
export async function analyseFile(bytes: Uint8Array, limits: ScanLimits, pdf: PdfReader = inProcessPdfReader): Promise<FileFindings> {
  if (bytes.length === 0) throw new RejectedFile(REJECTED.empty);
  const type = detectFileType(bytes);
  switch (type) {
    case FILE_TYPES.jpeg:
    case FILE_TYPES.png:
      return { type, text: '', ...(await findInSingleImage(bytes, type === FILE_TYPES.jpeg ? 'jpeg' : 'png', limits)) };
    case FILE_TYPES.tiff:
      return { type, text: '', ...(await findInTiff(bytes, limits)) };
    case FILE_TYPES.pdf:
      return { type, ...(await findInPdf(bytes, limits, pdf)) };
    case FILE_TYPES.zip:
      return analysePackage(bytes, limits, pdf);
    default:
      throw new RejectedFile(REJECTED.unsupportedType);
  }
}

/** A package matches through any document in it; its signature and metadata files are skipped. */
async function analysePackage(bytes: Uint8Array, limits: ScanLimits, pdf: PdfReader): Promise<FileFindings> {
  const entries = unpackZip(bytes, limits).map((e) => ({ ...e, type: detectFileType(e.bytes) }));
  if (entries.some((e) => e.type === FILE_TYPES.zip)) throw new RejectedFile(REJECTED.zipLimits, 'a package inside a package');
  const documents = entries.filter((e) => e.type !== null);
  if (documents.length === 0) throw new RejectedFile(REJECTED.zipEmpty);
  const found: FileFindings = { type: FILE_TYPES.zip, pages: 0, qr: [], text: documents.map((d) => d.name).join('\n') };
  for (const doc of documents) {
    const f = await analyseFile(doc.bytes, limits, pdf);
    found.pages += f.pages;
    found.qr.push(...f.qr);
    found.text += `\n${f.text}`;
  }
  return found;
}
