import { IntakeEvents, RegistrationEvents, type EventData, type Envelope } from '@cas/contracts';
import { AWAITING, REVIEW_STATUS, reviewItemFromSubmitted } from '../domain/review-item.js';
import type { ReviewItemRepository } from '../store/review-item.repository.js';

type Lifecycle = EventData<typeof RegistrationEvents.applicationExpired>;

/** Registration's lifecycle events → review items. */
export function applicationHandlers(repo: ReviewItemRepository) {
  return {
    [RegistrationEvents.applicationSubmitted.subject]: (e: Envelope) =>
      repo.upsertSubmitted(reviewItemFromSubmitted(e.data as EventData<typeof RegistrationEvents.applicationSubmitted>)),
    [RegistrationEvents.applicationExpired.subject]: async (e: Envelope) => {
      await repo.transition((e.data as Lifecycle).applicationId, AWAITING, REVIEW_STATUS.expired);
    },
    [RegistrationEvents.applicationWithdrawn.subject]: async (e: Envelope) => {
      await repo.transition(
        (e.data as Lifecycle).applicationId,
        [REVIEW_STATUS.awaitingDocument, REVIEW_STATUS.readyForReview],
        REVIEW_STATUS.withdrawn,
      );
    },
  };
}

/** A matched scan makes the item reviewable. (Out-of-order arrival is handled in issue #6.) */
export function scanHandlers(repo: ReviewItemRepository) {
  return {
    [IntakeEvents.scanMatched.subject]: async (e: Envelope) => {
      await repo.transition((e.data as EventData<typeof IntakeEvents.scanMatched>).applicationId, AWAITING, REVIEW_STATUS.readyForReview);
    },
  };
}
