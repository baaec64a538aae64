import { ApprovalEvents, IntakeEvents, RegistrationEvents, type EventData, type Envelope } from '@cas/contracts';
import { applyDecision, applyEnded, applyScanMatched, applySubmitted, REVIEW_STATUS } from '../domain/review-item.js';
import type { ReviewItemRepository } from '../store/review-item.repository.js';
import type { UnmatchedScanRepository } from '../store/unmatched-scan.repository.js';

type Lifecycle = EventData<typeof RegistrationEvents.applicationExpired>;
type Matched = EventData<typeof IntakeEvents.scanMatched>;
type NotMatched = EventData<typeof IntakeEvents.scanUnmatched>;
type DecisionData = EventData<typeof ApprovalEvents.applicationApproved>;

/** Registration's lifecycle events → review items. */
export function applicationHandlers(items: ReviewItemRepository) {
  return {
    [RegistrationEvents.applicationSubmitted.subject]: async (e: Envelope) => {
      const d = e.data as EventData<typeof RegistrationEvents.applicationSubmitted>;
      await items.update(d.applicationId, (item) => applySubmitted(item, d));
    },
    [RegistrationEvents.applicationExpired.subject]: async (e: Envelope) => {
      await items.update((e.data as Lifecycle).applicationId, (item) => applyEnded(item, REVIEW_STATUS.expired));
    },
    [RegistrationEvents.applicationWithdrawn.subject]: async (e: Envelope) => {
      await items.update((e.data as Lifecycle).applicationId, (item) => applyEnded(item, REVIEW_STATUS.withdrawn));
    },
  };
}

/** Intake's outcomes → review items (matched) and the unmatched-scans inbox (unmatched, rejected). */
export function scanHandlers(items: ReviewItemRepository, unmatched: UnmatchedScanRepository) {
  const notMatched = (kind: 'unmatched' | 'rejected') => async (e: Envelope) => {
    const { scanId, ...d } = e.data as NotMatched;
    await unmatched.record({ scanId, kind, ...d });
  };
  return {
    [IntakeEvents.scanMatched.subject]: async (e: Envelope) => {
      const d = e.data as Matched;
      const item = await items.update(d.applicationId, (current) => applyScanMatched(current, d));
      if (d.matchedBy === 'manual') await unmatched.matched(d.scanId, d.applicationId, item.voivodeship ?? '');
      else await unmatched.matchedLater(d.scanId, d.applicationId);
    },
    [IntakeEvents.scanUnmatched.subject]: notMatched('unmatched'),
    [IntakeEvents.scanRejected.subject]: notMatched('rejected'),
  };
}

/** Approval's own decisions (its outbox → the stream → here): the read model follows the events, also on rebuild. */
export function decisionHandlers(items: ReviewItemRepository) {
  const decided = (outcome: 'approved' | 'rejected') => async (e: Envelope) => {
    const d = e.data as DecisionData;
    await items.update(d.applicationId, (item) =>
      applyDecision(item, { outcome, decidedBy: d.decidedBy, decidedAt: d.decidedAt, reasonCode: d.reasonCode, reasonText: d.reasonText }),
    );
  };
  return {
    [ApprovalEvents.applicationApproved.subject]: decided('approved'),
    [ApprovalEvents.applicationRejected.subject]: decided('rejected'),
  };
}
