import { ApprovalEvents, IntakeEvents, type EventData, type Envelope } from '@cas/contracts';
import { APPLICATION_STATUS } from '../domain/application.js';
import type { ApplicationRepository } from '../store/application.repository.js';

const OPEN = [APPLICATION_STATUS.awaitingDocument, APPLICATION_STATUS.documentReceived] as const;

/**
 * The applicant's status timeline follows intake and approval: a matched scan means "document received",
 * decisions close the application. Guarded transitions make replays and late events no-ops.
 * (Activating or closing the account itself is the accounts issue's work.)
 */
export function scanStatusHandlers(repo: ApplicationRepository) {
  return {
    [IntakeEvents.scanMatched.subject]: async (e: Envelope) => {
      const d = e.data as EventData<typeof IntakeEvents.scanMatched>;
      await repo.transition(
        d.applicationId,
        [APPLICATION_STATUS.awaitingDocument],
        APPLICATION_STATUS.documentReceived,
        new Date(d.receivedAt),
      );
    },
  };
}

export function decisionStatusHandlers(repo: ApplicationRepository) {
  type Decision = EventData<typeof ApprovalEvents.applicationApproved>;
  return {
    [ApprovalEvents.applicationApproved.subject]: async (e: Envelope) => {
      const d = e.data as Decision;
      await repo.transition(d.applicationId, OPEN, APPLICATION_STATUS.approved, new Date(d.decidedAt));
    },
    [ApprovalEvents.applicationRejected.subject]: async (e: Envelope) => {
      const d = e.data as Decision;
      await repo.transition(d.applicationId, OPEN, APPLICATION_STATUS.rejected, new Date(d.decidedAt), [], {
        rejection: { reasonCode: d.reasonCode, reasonText: d.reasonText },
      });
    },
  };
}
