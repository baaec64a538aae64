import type { KeyObject } from 'node:crypto';
import type { Job } from 'bullmq';
import type { Transporter } from 'nodemailer';
import { rateLimited, UnrecoverableError, type JobPayload } from '@cas/queue';
import type { Logger } from '@cas/logger';
import { DELIVERY_STATUS, type Delivery } from '../domain/delivery.js';
import type { RenderedEmail } from '../domain/templates/index.js';
import type { DeliveryRepository } from '../store/delivery.repository.js';
import { revealMessage, SecretUnreadableError } from './temporary-password.js';
import type { emailQueue } from './queues.js';
import type { EmailComposer } from './compose-email.js';

export interface SendEmailDeps {
  deliveries: DeliveryRepository;
  transport: Transporter;
  /** Writes each message into one buffer (sender, headers, both alternatives) before its SMTP transaction. */
  composer: EmailComposer;
  logger: Logger;
  /** Decrypts deliveries that carry a secret (the temporary password). */
  jweKey: KeyObject;
  /** Holds back the whole queue (every replica) for `ms`: the relay is down, not this message's fault. */
  pauseQueue: (ms: number) => Promise<void>;
  breaker: RelayBreaker;
}

/** SMTP 5xx and address errors will not heal with retries; 4xx and network errors might. */
export function isPermanentSmtpError(e: unknown): boolean {
  const err = e as { responseCode?: number; code?: string };
  if (typeof err.responseCode === 'number') return err.responseCode >= 500;
  return err.code === 'EENVELOPE' || err.code === 'EMESSAGE';
}

/** Nodemailer's codes for a relay that cannot be reached or refuses everyone (connection, TLS, DNS, login). */
const RELAY_DOWN_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EAUTH', 'ETLS']);

/**
 * The relay itself is unavailable (421 "service not available", no connection, failed login): every message
 * would fail alike, so it is not counted against this one.
 */
export function isRelayUnavailable(e: unknown): boolean {
  const err = e as { responseCode?: number; code?: string };
  return err.responseCode === 421 || (err.code !== undefined && RELAY_DOWN_CODES.has(err.code));
}

/**
 * How long to hold the queue back while the relay is down: 1 s, doubling per consecutive failure up to `maxMs`,
 * ±20 % jitter (replicas do not return in step); back to the start after a success. An outage of any length
 * costs no attempts and loses nothing; after it, sending resumes within one pause.
 */
export function createRelayBreaker(maxMs = 30_000, random: () => number = Math.random) {
  let failures = 0;
  return {
    failed(): number {
      const base = Math.min(maxMs, 1_000 * 2 ** failures);
      failures = Math.min(failures + 1, 30);
      return Math.round(base * (0.8 + 0.4 * random()));
    },
    succeeded(): void {
      failures = 0;
    },
  };
}
export type RelayBreaker = ReturnType<typeof createRelayBreaker>;

/** What a send needs: the ledger entry, or the copy a fresh claim's job carries. */
type Sendable = Pick<Delivery, 'id' | 'recipient' | 'template' | 'messageId'> & RenderedEmail & { secret?: string };

/**
 * The message to send. A secret that does not decrypt will not decrypt on a retry either: the delivery is
 * failed for good, logged without the JWE, and the job ends without retries.
 */
async function messageFor(deps: SendEmailDeps, d: Sendable): Promise<RenderedEmail> {
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
 * The delivery to send, or null when the ledger says it went out already. The first run of a fresh claim's job
 * sends what the job carries: the job id is the ledger key, so nothing else can have sent it. Any other run (a
 * retry, a run after a crash stalled the job, a job re-added for a redelivered event, the reconciler or an
 * administrator) reads the ledger first.
 */
async function deliveryToSend(deps: SendEmailDeps, payload: SendEmailPayload, job: Job): Promise<Sendable | null> {
  if (payload.fresh && job.attemptsMade === 0 && !job.stalledCounter) return { id: payload.deliveryId, ...payload.fresh };
  const d = await deps.deliveries.get(payload.deliveryId);
  if (!d) throw new UnrecoverableError(`delivery ${payload.deliveryId} not in ledger`);
  return d.status === DELIVERY_STATUS.sent ? null : d;
}

export type SendEmailPayload = JobPayload<typeof emailQueue, 'send-email'>;

/**
 * Sends one delivery: skip if already sent (a redelivered job after a crash), send with the deterministic
 * Message-ID, then mark sent with the SMTP response.
 */
export async function sendEmailJob(deps: SendEmailDeps, payload: SendEmailPayload, job: Job): Promise<void> {
  const d = await deliveryToSend(deps, payload, job);
  if (!d) return;
  const message = await messageFor(deps, d);
  try {
    const info = (await deps.transport.sendMail(
      await deps.composer.compose({
        to: d.recipient,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: d.messageId,
      }),
    )) as { response?: string };
    deps.breaker.succeeded();
    await deps.deliveries.markSent(d.id, info.response ?? '');
    deps.logger.info({ deliveryId: d.id, template: d.template, smtp: info.response }, 'e-mail accepted by SMTP');
  } catch (e) {
    if (isRelayUnavailable(e)) {
      const pauseMs = deps.breaker.failed();
      deps.logger.warn({ err: e, deliveryId: d.id, pauseMs }, 'SMTP relay unavailable; holding the e-mail queue back');
      await deps.pauseQueue(pauseMs);
      // Back to waiting without using up an attempt (BullMQ's manual rate limit).
      throw rateLimited();
    }
    const permanent = isPermanentSmtpError(e);
    const final = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await deps.deliveries.recordFailure(d.id, e instanceof Error ? e.message : String(e), final);
    if (permanent) throw new UnrecoverableError(e instanceof Error ? e.message : String(e));
    throw e;
  }
}
