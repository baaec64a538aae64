import { REVIEW_STATUS, type ReviewItem } from './review-item.js';

/** What the inbox knows of a scan an admin wants to act on. */
export interface ScanForAction {
  kind: 'unmatched' | 'rejected';
  status: string;
  voivodeship: string;
}

/** Why an assignment cannot happen (each maps to a 409 with a Polish message), or null when it can. */
export type AssignmentRefusal = 'scan-rejected' | 'scan-handled' | 'other-voivodeship' | 'application-closed';

/**
 * An unmatched scan (not a rejected file: there is nothing usable in it) that nobody acted on yet may be tied
 * to an open application of the same voivodeship: one still waiting for its document or already in review
 * (a second scan, e.g. a better copy).
 */
export function assignmentRefusal(scan: ScanForAction, item: ReviewItem): AssignmentRefusal | null {
  if (scan.kind === 'rejected') return 'scan-rejected';
  if (scan.status !== 'open') return 'scan-handled';
  if (item.voivodeship !== scan.voivodeship) return 'other-voivodeship';
  if (item.status !== REVIEW_STATUS.awaitingDocument && item.status !== REVIEW_STATUS.readyForReview) return 'application-closed';
  return null;
}

/** A scan can be set aside when nobody acted on it yet (rejected files too: they are in the inbox as well). */
export function dismissalRefused(scan: ScanForAction): boolean {
  return scan.status !== 'open';
}

export const ASSIGNMENT_MESSAGES: Record<AssignmentRefusal, string> = {
  'scan-rejected': 'Tego pliku nie można przypisać: został odrzucony jako nieprawidłowy (np. uszkodzony lub nieobsługiwany format).',
  'scan-handled': 'Ten skan został już obsłużony (przypisany albo odłożony), być może przez innego administratora. Odśwież stronę.',
  'other-voivodeship': 'Wniosek należy do innego województwa niż skan.',
  'application-closed': 'Wniosek jest już zakończony (zatwierdzony, odrzucony, wygasły lub wycofany): nie można przypisać do niego skanu.',
};
