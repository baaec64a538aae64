import { z } from 'zod';
import { baseConfigShape, env } from '@cas/config';

export const notificationConfigSchema = z.object({
  ...baseConfigShape,
  HTTP_PORT: env.port(3004),
  MONGO_DB: env.string('cas_notification'),
  SMTP_HOST: env.string('127.0.0.1'),
  SMTP_PORT: env.port(1025),
  SMTP_SECURE: env.bool(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  MAIL_FROM: env.string('CAS Rejestracja <no-reply@cas-rejestracja.local>'),
  /** Domain used in deterministic Message-IDs (`<eventId.template@domain>`). */
  MESSAGE_ID_DOMAIN: env.string('cas-rejestracja.local'),
  /** Portal base URL for links in e-mails. */
  PORTAL_BASE_URL: env.url('http://localhost:3001'),
  EMAIL_CONCURRENCY: env.positiveInt(8),
  /** Rate limit towards the SMTP relay: at most this many sends per second (per replica). */
  EMAIL_RATE_PER_SECOND: env.positiveInt(200),
  SMTP_POOL_SIZE: env.positiveInt(5),
});

export type NotificationConfig = z.output<typeof notificationConfigSchema>;
