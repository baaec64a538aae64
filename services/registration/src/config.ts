import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { baseConfigShape, env } from '@cas/config';

export const registrationConfigSchema = z
  .object({
    ...baseConfigShape,
    HTTP_PORT: env.port(3001),
    MONGO_DB: env.string('cas_registration'),
    /** Base URL the applicant's browser uses; links in responses and e-mails are built from it. */
    PUBLIC_BASE_URL: env.url('http://localhost:3001'),
    /** HMAC key for verification codes (DESIGN §4). Required in production. */
    VERIFICATION_CODE_KEY: z.string().min(32).optional(),
    APPLICATION_EXPIRY_DAYS: env.positiveInt(30),
    /** Reminder e-mail when no signed scan arrived after this many days. */
    REMINDER_AFTER_DAYS: env.positiveInt(14),
    /** How often the repeatable deadline check runs (one instance at a time across replicas). */
    DEADLINE_CHECK_EVERY_MS: env.positiveInt(3_600_000),
    /** Age after which a login/REGON reservation without its application is released (interrupted submission). */
    ORPHAN_GRACE_MS: env.positiveInt(15 * 60_000),
    OUTBOX_POLL_MS: env.positiveInt(500),
    /** How often the relay looks for events whose writer died before publishing them (a full scan on FerretDB). */
    OUTBOX_STALE_SCAN_MS: env.positiveInt(30_000),
    /** Folder with voivodeships.json, areas.json, unit-types.json, videos.json. */
    CATALOGUE_DIR: env.string(fileURLToPath(new URL('../catalogues', import.meta.url))),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production' && !c.VERIFICATION_CODE_KEY) {
      ctx.addIssue({ code: 'custom', path: ['VERIFICATION_CODE_KEY'], message: 'required in production (≥ 32 characters)' });
    }
  })
  .transform((c) => ({
    ...c,
    // Development default: stable across restarts so printed forms keep verifying; never used in production.
    VERIFICATION_CODE_KEY: c.VERIFICATION_CODE_KEY ?? 'dev-only-verification-key-not-for-production-use',
  }));

export type RegistrationConfig = z.output<typeof registrationConfigSchema>;
