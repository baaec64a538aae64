import type { ScanChannel } from '@cas/contracts';

/**
 * A file the mailroom handed over (DESIGN §4, §5.2). Its status only moves forward from `queued`:
 * `matched` (by QR, by text or by an admin), `unmatched` (an admin may assign it), `rejected` (not a
 * usable file), `duplicate` (byte-for-byte copy of an earlier scan). Stored values: do not rename.
 */
export const SCAN_STATUS = {
  queued: 'queued',
  matched: 'matched',
  unmatched: 'unmatched',
  rejected: 'rejected',
  duplicate: 'duplicate',
} as const;
export type ScanStatus = (typeof SCAN_STATUS)[keyof typeof SCAN_STATUS];

export type MatchedBy = 'qr' | 'text' | 'manual';

export interface Scan {
  id: string;
  /** The mailroom client (API key) that delivered it, or the channel's own id (mailbox, hot folder). */
  clientId: string;
  voivodeship: string;
  channel: ScanChannel;
  sender: string;
  subject: string;
  /** E-mail body text (e-mail channel), kept for matching by number. */
  body: string;
  fileName: string;
  receivedAt: string;
  externalId: string | null;
  size: number;
  /** What the sender declared; `detectedType` is what the bytes are. */
  declaredType: string;
  detectedType: string | null;
  pages: number;
  sha256: string;
  status: ScanStatus;
  applicationId: string | null;
  applicationNumber: string | null;
  matchedBy: MatchedBy | null;
  verified: boolean | null;
  reason: string | null;
  duplicateOf: string | null;
  createdAt: Date;
  decidedAt: Date | null;
}
