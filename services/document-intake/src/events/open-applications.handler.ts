import { ApprovalEvents, RegistrationEvents, type EventData, type Envelope } from '@cas/contracts';
import type { OpenApplicationRepository } from '../store/open-application.repository.js';

type Lifecycle = EventData<typeof RegistrationEvents.applicationExpired>;
type Decision = EventData<typeof ApprovalEvents.applicationApproved>;

/**
 * Keeps the open-applications view in step with registration's lifecycle events. A newly known application
 * also gets the scans that came before it (decided `unmatched`, unknown number) processed again: `retryWaiting`.
 */
export function openApplicationHandlers(
  repo: OpenApplicationRepository,
  retryWaiting: (voivodeship: string, number: string) => Promise<void> = async () => undefined,
) {
  return {
    [RegistrationEvents.applicationSubmitted.subject]: async (e: Envelope) => {
      const d = e.data as EventData<typeof RegistrationEvents.applicationSubmitted>;
      await repo.open({
        applicationId: d.applicationId,
        number: d.number,
        voivodeship: d.voivodeship,
        verificationCode: d.verificationCode,
        applicantEmail: d.user.email,
      });
      await retryWaiting(d.voivodeship, d.number);
    },
    [RegistrationEvents.applicationExpired.subject]: (e: Envelope) => repo.close((e.data as Lifecycle).applicationId, 'expired'),
    [RegistrationEvents.applicationWithdrawn.subject]: (e: Envelope) => repo.close((e.data as Lifecycle).applicationId, 'withdrawn'),
  };
}

/** Decisions close the application for further scans. */
export function decisionHandlers(repo: OpenApplicationRepository) {
  return {
    [ApprovalEvents.applicationApproved.subject]: (e: Envelope) => repo.close((e.data as Decision).applicationId, 'approved'),
    [ApprovalEvents.applicationRejected.subject]: (e: Envelope) => repo.close((e.data as Decision).applicationId, 'rejected'),
  };
}
