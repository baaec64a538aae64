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
    /** Failed logins in a row that block an account (DESIGN §4). */
    LOGIN_MAX_FAILED_ATTEMPTS: env.positiveInt(5),
    /** Login attempts per client IP per minute (Redis); the account counter in MongoDB is separate. */
    LOGIN_RATE_PER_IP_PER_MINUTE: env.positiveInt(30),
    /** "Przypomnij hasło" requests per client IP per hour, and per account per hour. */
    REMINDER_RATE_PER_IP_PER_HOUR: env.positiveInt(20),
    REMINDER_RATE_PER_ACCOUNT_PER_HOUR: env.positiveInt(3),
    /** "Przypomnij hasło" work starts this long after the answer, so no account-dependent work overlaps it. */
    REMINDER_JOB_DELAY_MS: env.positiveInt(200),
    /** Session token lifetime (s): other services accept a token until it expires, so keep it short. */
    SESSION_TOKEN_TTL_SECONDS: env.positiveInt(600),
    SESSION_IDLE_TIMEOUT_SECONDS: env.positiveInt(1_800),
    SESSION_ABSOLUTE_TIMEOUT_SECONDS: env.positiveInt(43_200),
    /** Token issuer/audience (`iss`/`aud`); the verifying services are configured with the same values. */
    SESSION_ISSUER: env.string('cas-rejestracja'),
    SESSION_AUDIENCE: env.string('cas'),
    /** Seals signing keys and TOTP secrets at rest (≥ 32 characters). Required in production. */
    SIGNING_KEY_SECRET: z.string().min(32).optional(),
    SIGNING_KEY_ROTATE_DAYS: env.positiveInt(30),
    /** The notification service's public key (JWK JSON) that temporary passwords are encrypted for. Required in production. */
    NOTIFICATION_JWE_PUBLIC_KEY: z.string().min(10).optional(),
    /** Behind a reverse proxy: Express `trust proxy` (hop count), so per-IP limits see the client's address. */
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /** Folder with voivodeships.json, areas.json, unit-types.json, videos.json. */
    CATALOGUE_DIR: env.string(fileURLToPath(new URL('../catalogues', import.meta.url))),
  })
  .superRefine((c, ctx) => {
    for (const key of ['VERIFICATION_CODE_KEY', 'SIGNING_KEY_SECRET', 'NOTIFICATION_JWE_PUBLIC_KEY'] as const) {
      if (c.NODE_ENV === 'production' && !c[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required in production' });
    }
    if (c.NOTIFICATION_JWE_PUBLIC_KEY && !isPublicX25519Jwk(c.NOTIFICATION_JWE_PUBLIC_KEY)) {
      ctx.addIssue({
        code: 'custom',
        path: ['NOTIFICATION_JWE_PUBLIC_KEY'],
        message: 'must be a public X25519 JWK (kty OKP, crv X25519, x; no d)',
      });
    }
  })
  .transform((c) => ({
    ...c,
    // Development default: stable across restarts so printed forms keep verifying; never used in production.
    VERIFICATION_CODE_KEY: c.VERIFICATION_CODE_KEY ?? 'dev-only-verification-key-not-for-production-use',
    SIGNING_KEY_SECRET: c.SIGNING_KEY_SECRET ?? 'dev-only-signing-key-secret-not-for-production',
    // The public half of notification's development key (services/notification/src/config.ts); never in production.
    NOTIFICATION_JWE_PUBLIC_KEY: JSON.parse(c.NOTIFICATION_JWE_PUBLIC_KEY ?? DEV_NOTIFICATION_PUBLIC_KEY) as Record<string, string>,
  }));

const DEV_NOTIFICATION_PUBLIC_KEY =
  '{"crv":"X25519","x":"5GWz85RofkUQoAh_aW64Pjb3YIhB5TvBeo_DhpEntEc","kty":"OKP","kid":"dev-notification-1","alg":"ECDH-ES+A256KW","use":"enc"}';

function isPublicX25519Jwk(text: string): boolean {
  try {
    const k = JSON.parse(text) as Record<string, unknown>;
    return k.kty === 'OKP' && k.crv === 'X25519' && typeof k.x === 'string' && !('d' in k);
  } catch {
    return false;
  }
}

export type RegistrationConfig = z.output<typeof registrationConfigSchema>;
