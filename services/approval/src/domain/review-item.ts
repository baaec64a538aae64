import type { EventData, RegistrationEvents } from '@cas/contracts';

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

type Submitted = EventData<typeof RegistrationEvents.applicationSubmitted>;

/** The admin's view of one application, built only from events (issue #6 extends it). */
export interface ReviewItem {
  applicationId: string;
  number: string;
  voivodeship: string;
  kind: Submitted['kind'];
  status: ReviewStatus;
  unit: Submitted['unit'];
  user: Submitted['user'];
  grants: Submitted['grants'];
  verificationCode: string;
  submittedAt: Date;
  expiresAt: Date;
}

export function reviewItemFromSubmitted(d: Submitted): ReviewItem {
  return {
    applicationId: d.applicationId,
    number: d.number,
    voivodeship: d.voivodeship,
    kind: d.kind,
    status: REVIEW_STATUS.awaitingDocument,
    unit: d.unit,
    user: d.user,
    grants: d.grants,
    verificationCode: d.verificationCode,
    submittedAt: new Date(d.submittedAt),
    expiresAt: new Date(d.expiresAt),
  };
}
