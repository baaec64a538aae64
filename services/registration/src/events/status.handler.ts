import { IntakeEvents, type EventData, type Envelope } from '@cas/contracts';
import { APPLICATION_STATUS } from '../domain/application.js';
import type { ApplicationRepository } from '../store/application.repository.js';

/**
 * The applicant's status timeline follows intake and approval: a matched scan means "document received",
 * decisions close the application (events/account.handler.ts). Guarded transitions make replays and late events no-ops.
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
