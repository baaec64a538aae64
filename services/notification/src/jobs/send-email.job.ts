import type { Job } from 'bullmq';
import type { Transporter } from 'nodemailer';
import { UnrecoverableError } from '@cas/queue';
import type { Logger } from '@cas/logger';
import { DELIVERY_STATUS } from '../domain/delivery.js';
import type { DeliveryRepository } from '../store/delivery.repository.js';

export interface SendEmailDeps {
  deliveries: DeliveryRepository;
  transport: Transporter;
  from: string;
  logger: Logger;
}

/** SMTP 5xx and address errors will not heal with retries; 4xx and network errors might. */
export function isPermanentSmtpError(e: unknown): boolean {
  const err = e as { responseCode?: number; code?: string };
  if (typeof err.responseCode === 'number') return err.responseCode >= 500;
  return err.code === 'EENVELOPE' || err.code === 'EMESSAGE';
}

/**
 * Sends one ledger delivery: skip if already sent (a redelivered job after a crash), send with the
 * deterministic Message-ID, then mark sent with the SMTP response.
 */
export async function sendEmailJob(deps: SendEmailDeps, payload: { deliveryId: string }, job: Job): Promise<void> {
  const d = await deps.deliveries.get(payload.deliveryId);
  if (!d) throw new UnrecoverableError(`delivery ${payload.deliveryId} not in ledger`);
  if (d.status === DELIVERY_STATUS.sent) return;
  try {
    const info = (await deps.transport.sendMail({
      from: deps.from,
      to: d.recipient,
      subject: d.subject,
      text: d.text,
      html: d.html,
      messageId: d.messageId,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    })) as { response?: string };
    await deps.deliveries.markSent(d.id, info.response ?? '');
    deps.logger.info({ deliveryId: d.id, template: d.template, smtp: info.response }, 'e-mail accepted by SMTP');
  } catch (e) {
    const permanent = isPermanentSmtpError(e);
    const final = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await deps.deliveries.recordFailure(d.id, e instanceof Error ? e.message : String(e), final);
    if (permanent) throw new UnrecoverableError(e instanceof Error ? e.message : String(e));
    throw e;
  }
}
