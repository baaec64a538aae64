import { z } from 'zod';
import { baseConfigShape, env } from '@cas/config';

export const approvalConfigSchema = z.object({
  ...baseConfigShape,
  HTTP_PORT: env.port(3003),
  MONGO_DB: env.string('cas_approval'),
  /** Registration's public keys for admins' session tokens (no shared secret: DESIGN §3). */
  REGISTRATION_JWKS_URL: env.url('http://127.0.0.1:3001/.well-known/jwks.json'),
  /** Document intake, for scan files (fetched with the admin's own token). */
  INTAKE_URL: env.url('http://127.0.0.1:3002'),
  /** Notification (internal): failed e-mails and the template preview, asked with the admin's own token. */
  NOTIFICATION_URL: env.url('http://127.0.0.1:3004'),
  /** Registration's public address: the login page for admins. */
  PUBLIC_BASE_URL: env.url('http://localhost:3001'),
  SESSION_ISSUER: env.string('cas-rejestracja'),
  SESSION_AUDIENCE: env.string('cas'),
  /** Items waiting longer than this (days since submission) are flagged in the queue. */
  REVIEW_WARN_AFTER_DAYS: env.positiveInt(7),
  /**
   * The in-memory review queue is reloaded from the database this often (ms), as a backstop for a notice between
   * replicas that got lost; it also reloads after every NATS reconnect. 0 = never on a timer.
   */
  REVIEW_INDEX_RESYNC_MS: env.nonNegativeInt(3_600_000),
  OUTBOX_POLL_MS: env.positiveInt(500),
  OUTBOX_STALE_SCAN_MS: env.positiveInt(30_000),
});

export type ApprovalConfig = z.output<typeof approvalConfigSchema>;
