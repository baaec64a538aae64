import { APPLICATION_REJECT_REASONS } from '@cas/contracts';
import { REVIEW_STATUS, type ReviewItem } from './review-item.js';

/** Why an application is rejected (stored in events and e-mails; codes are stable, labels Polish). */
/** The reasons an admin picks from (codes and Polish wording shared with the rejection e-mail). */
export const REJECT_REASONS = APPLICATION_REJECT_REASONS;
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
