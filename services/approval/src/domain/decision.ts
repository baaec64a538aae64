import { REVIEW_STATUS, type ReviewItem } from './review-item.js';

/** Why an application is rejected (stored in events and e-mails; codes are stable, labels Polish). */
export const REJECT_REASONS = {
  'missing-signature': 'Brak podpisu kierownika jednostki',
  'data-mismatch': 'Dane na skanie różnią się od danych we wniosku',
  'illegible-scan': 'Skan jest nieczytelny lub niekompletny',
  'unit-not-eligible': 'Jednostka nie jest uprawniona do korzystania z CAS',
  duplicate: 'Wniosek złożono ponownie (duplikat)',
  other: 'Inny powód (opisany w uzasadnieniu)',
} as const;
export type RejectReason = keyof typeof REJECT_REASONS;

export type DecisionInput = { outcome: 'approved' } | { outcome: 'rejected'; reasonCode: RejectReason; reasonText: string | null };

export type DecisionRefusal = 'not-ready' | 'already-decided';

/**
 * Whether an admin may decide this item now (DESIGN §4): only a matched, undecided application in
 * `ready-for-review`. Tenancy is checked before this (another voivodeship's item does not exist for them).
 */
export function decisionRefusal(item: ReviewItem): DecisionRefusal | null {
  if (item.decision || item.status === REVIEW_STATUS.approved || item.status === REVIEW_STATUS.rejected) return 'already-decided';
  if (item.status !== REVIEW_STATUS.readyForReview || !item.number) return 'not-ready';
  return null;
}
