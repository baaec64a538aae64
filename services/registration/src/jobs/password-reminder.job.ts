import { correlationId, type Logger } from '@cas/logger';
import { passwordReminderUseCase, type PasswordReminderPorts } from '../domain/password-reminder.service.js';
import type { AuditRepository } from '../store/audit.repository.js';

/** The `issue-password-reminder` job: the use case plus its audit record (never the password). */
export async function passwordReminderJob(
  deps: { ports: PasswordReminderPorts; audit: AuditRepository; logger: Logger },
  job: { identifier: string; ip: string },
): Promise<{ outcome: string }> {
  const { outcome, user } = await passwordReminderUseCase(deps.ports, { identifier: job.identifier, correlationId: correlationId() });
  await deps.audit.record({
    action: 'password-reminder',
    outcome: outcome === 'issued' ? 'success' : 'failure',
    actor: null,
    subject: user ? { userId: user.id, login: user.login } : null,
    ip: job.ip,
    voivodeship: user?.voivodeship ?? null,
    details: { outcome },
  });
  deps.logger.info({ outcome }, 'password reminder processed');
  return { outcome };
}
