/** Bounds on what one file may make intake do (DESIGN §7 uploads); from config. */
export interface ScanLimits {
  maxPixels: number;
  /** Pages searched per file. */
  maxPages: number;
  /** More pages than this and the file is rejected. */
  maxPagesReject: number;
  zipMaxEntries: number;
  zipMaxTotalBytes: number;
  zipMaxRatio: number;
}

/**
 * Why a file was rejected (`intake.scan.rejected.v1` `reason`; the admin UI translates them). Stored values:
 * do not rename.
 */
export const REJECTED = {
  empty: 'empty-file',
  unsupportedType: 'unsupported-file-type',
  corrupt: 'corrupt-file',
  tooManyPixels: 'too-many-pixels',
  tooManyPages: 'too-many-pages',
  encryptedPdf: 'encrypted-pdf',
  pdfJavaScript: 'pdf-with-javascript',
  zipLimits: 'zip-over-limits',
  zipEmpty: 'zip-without-documents',
  zipEncrypted: 'zip-encrypted',
} as const;
export type RejectedReason = (typeof REJECTED)[keyof typeof REJECTED];

/** A file that cannot be processed, with the reason; anything else thrown is a fault (retried). */
export class RejectedFile extends Error {
  constructor(
    readonly reason: RejectedReason,
    readonly detail?: string,
  ) {
    super(detail ? `${reason}: ${detail}` : reason);
    this.name = 'RejectedFile';
  }
}
