import type { KeyObject } from 'node:crypto';
import type { Job } from 'bullmq';
import type { Transporter } from 'nodemailer';
import { UnrecoverableError } from '@cas/queue';
import type { Logger } from '@cas/logger';
import { DELIVERY_STATUS, type Delivery } from '../domain/delivery.js';
import type { RenderedEmail } from '../domain/templates/index.js';
import type { DeliveryRepository } from '../store/delivery.repository.js';
import { revealMessage, SecretUnreadableError } from './temporary-password.js';

export interface SendEmailDeps {
  deliveries: DeliveryRepository;
  transport: Transporter;
  from: string;
  logger: Logger;
  /** Decrypts deliveries that carry a secret (the temporary password). */
  jweKey: KeyObject;
}

/** SMTP 5xx and address errors will not heal with retries; 4xx and network errors might. */
export function isPermanentSmtpError(e: unknown): boolean {
  const err = e as { responseCode?: number; code?: string };
  if (typeof err.responseCode === 'number') return err.responseCode >= 500;
  return err.code === 'EENVELOPE' || err.code === 'EMESSAGE';
}

/**
 * The message to send. A secret that does not decrypt will not decrypt on a retry either: the delivery is
 * failed for good, logged without the JWE, and the job ends without retries.
 */
async function messageFor(deps: SendEmailDeps, d: Delivery): Promise<RenderedEmail> {
  try {
    return await revealMessage(d, deps.jweKey);
  } catch (e) {
    if (!(e instanceof SecretUnreadableError)) throw e;
    await deps.deliveries.recordFailure(d.id, e.message, true);
    deps.logger.error({ deliveryId: d.id, template: d.template, reason: e.reason }, 'e-mail not sent: its secret could not be decrypted');
    throw new UnrecoverableError(e.message);
  }
}

/**
 * Sends one ledger delivery: skip if already sent (a redelivered job after a crash), send with the
 * deterministic Message-ID, then mark sent with the SMTP response.
 */
export async function sendEmailJob(deps: SendEmailDeps, payload: { deliveryId: string }, job: Job): Promise<void> {
  const d = await deps.deliveries.get(payload.deliveryId);
  if (!d) throw new UnrecoverableError(`delivery ${payload.deliveryId} not in ledger`);
  if (d.status === DELIVERY_STATUS.sent) return;
  const message = await messageFor(deps, d);
  try {
    const info = (await deps.transport.sendMail({
      from: deps.from,
      to: d.recipient,
      ...message,
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
