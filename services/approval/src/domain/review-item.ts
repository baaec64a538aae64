import type { EventData, IntakeEvents, RegistrationEvents } from '@cas/contracts';

/** Stored values: do not rename. */
export const REVIEW_STATUS = {
  awaitingDocument: 'awaiting-document',
  readyForReview: 'ready-for-review',
  approved: 'approved',
  rejected: 'rejected',
  expired: 'expired',
  withdrawn: 'withdrawn',
} as const;
export type ReviewStatus = (typeof REVIEW_STATUS)[keyof typeof REVIEW_STATUS];

/** Statuses from which a scan arriving moves the item to review. */
export const AWAITING = [REVIEW_STATUS.awaitingDocument] as const;
/** Statuses an item never leaves. */
export const FINAL: readonly ReviewStatus[] = [
  REVIEW_STATUS.approved,
  REVIEW_STATUS.rejected,
  REVIEW_STATUS.expired,
  REVIEW_STATUS.withdrawn,
];

type Submitted = EventData<typeof RegistrationEvents.applicationSubmitted>;
type Matched = EventData<typeof IntakeEvents.scanMatched>;

/** A matched scan as the admin sees it next to the application (the file itself stays in intake). */
export interface ScanRef {
  scanId: string;
  matchedBy: Matched['matchedBy'];
  verified: boolean;
  channel: Matched['channel'];
  receivedAt: string;
  contentType: string;
  pages: number;
}

export interface Decision {
  outcome: 'approved' | 'rejected';
  decidedBy: string;
  decidedAt: string;
  reasonCode: string | null;
  reasonText: string | null;
}

/**
 * The admin's view of one application, built only from events (registration's, intake's and approval's own
 * decisions), so it can be rebuilt from the streams. Events may come in any order across streams: a scan can
 * arrive before its application (`number` is then still null).
 */
export interface ReviewItem {
  applicationId: string;
  number: string | null;
  voivodeship: string | null;
  kind: Submitted['kind'] | null;
  status: ReviewStatus;
  unit: Submitted['unit'] | null;
  user: Submitted['user'] | null;
  grants: Submitted['grants'];
  verificationCode: string | null;
  submittedAt: Date | null;
  expiresAt: Date | null;
  scans: ScanRef[];
  decision: Decision | null;
}

export function emptyReviewItem(applicationId: string): ReviewItem {
  return {
    applicationId,
    number: null,
    voivodeship: null,
    kind: null,
    status: REVIEW_STATUS.awaitingDocument,
    unit: null,
    user: null,
    grants: [],
    verificationCode: null,
    submittedAt: null,
    expiresAt: null,
    scans: [],
    decision: null,
  };
}

/** A reviewable item: known application, a matched scan, not decided or ended. */
const settle = (item: ReviewItem): ReviewItem =>
  item.status === REVIEW_STATUS.awaitingDocument && item.number !== null && item.scans.length > 0
    ? { ...item, status: REVIEW_STATUS.readyForReview }
    : item;

/** `registration.application.submitted.v1`: the application's data (a replay changes nothing). */
export function applySubmitted(item: ReviewItem, d: Submitted): ReviewItem {
  return settle({
    ...item,
    number: d.number,
    voivodeship: d.voivodeship,
    kind: d.kind,
    unit: d.unit,
    user: d.user,
    grants: d.grants,
    verificationCode: d.verificationCode,
    submittedAt: new Date(d.submittedAt),
    expiresAt: new Date(d.expiresAt),
  });
}

/** `intake.scan.matched.v1`: the scan joins the item (once), which becomes reviewable if it was waiting. */
export function applyScanMatched(item: ReviewItem, d: Matched): ReviewItem {
  if (item.scans.some((s) => s.scanId === d.scanId)) return item;
  const scan: ScanRef = {
    scanId: d.scanId,
    matchedBy: d.matchedBy,
    verified: d.verified,
    channel: d.channel,
    receivedAt: d.receivedAt,
    contentType: d.contentType,
    pages: d.pages,
  };
  return settle({ ...item, scans: [...item.scans, scan] });
}

/** Expiry or withdrawal ends an item that is not decided. */
export function applyEnded(item: ReviewItem, status: typeof REVIEW_STATUS.expired | typeof REVIEW_STATUS.withdrawn): ReviewItem {
  return FINAL.includes(item.status) ? item : { ...item, status };
}

/** Approval's own decision event: final, whatever came before (the decision was taken on the admin's view). */
export function applyDecision(item: ReviewItem, decision: Decision): ReviewItem {
  if (item.decision) return item;
  return { ...item, status: decision.outcome === 'approved' ? REVIEW_STATUS.approved : REVIEW_STATUS.rejected, decision };
}
