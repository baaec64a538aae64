import { createEvent, RegistrationEvents } from '@cas/contracts';
import { correlationId, type Logger } from '@cas/logger';
import { APPLICATION_STATUS } from '../domain/application.js';
import type { ApplicationRepository, StoredApplication } from '../store/application.repository.js';

export interface DeadlineDeps {
  applications: ApplicationRepository;
  reminderAfterDays: number;
  now: () => Date;
  logger: Logger;
  /** Frees the login and new unit's REGON an expired application held (the orphan sweep retries after a crash). */
  release: (app: StoredApplication) => Promise<void>;
}

/**
 * One pass over open applications (DESIGN §4, step 6): a reminder event after N days without a signed scan,
 * expiry after the deadline. Both are guarded updates with their event in the outbox, so running the pass
 * twice (a retried job, two schedulers) emits each event once.
 */
export async function checkDeadlinesJob(deps: DeadlineDeps): Promise<{ reminded: number; expired: number }> {
  const now = deps.now();
  let reminded = 0;
  let expired = 0;
  for (const app of await deps.applications.dueForExpiry(now)) {
    const event = createEvent(
      RegistrationEvents.applicationExpired,
      {
        applicationId: app.id,
        number: app.number,
        voivodeship: app.voivodeship,
        reason: 'Nie otrzymano podpisanego formularza w terminie.',
        at: now.toISOString(),
      },
      { source: 'registration', correlationId: correlationId() },
    );
    if (await deps.applications.transition(app.id, [APPLICATION_STATUS.awaitingDocument], APPLICATION_STATUS.expired, now, [event])) {
      expired++;
      await deps.release(app);
    }
  }
  const cutoff = new Date(now.getTime() - deps.reminderAfterDays * 86_400_000);
  for (const app of await deps.applications.dueForReminder(cutoff)) {
    const event = createEvent(
      RegistrationEvents.applicationReminded,
      {
        applicationId: app.id,
        number: app.number,
        voivodeship: app.voivodeship,
        reason: `Brak podpisanego formularza po ${deps.reminderAfterDays} dniach.`,
        at: now.toISOString(),
      },
      { source: 'registration', correlationId: correlationId() },
    );
    if (await deps.applications.markReminded(app.id, now, [event])) {
      reminded++;
    }
  }
  if (reminded || expired) {
    deps.logger.info({ reminded, expired }, 'deadlines checked');
  }
  return { reminded, expired };
}
