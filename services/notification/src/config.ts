import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { baseConfigShape, env } from '@cas/config';

/**
 * Development key pair for the temporary-password JWE (registration encrypts with its public half). Known to
 * everyone who reads this file: refused in production.
 */
const DEV_JWE_PRIVATE_KEY =
  '{"crv":"X25519","d":"GNTeRIjL00QmUBrE55Wdc8yQykwPjsFGOw8AqgcejXI","x":"5GWz85RofkUQoAh_aW64Pjb3YIhB5TvBeo_DhpEntEc","kty":"OKP","kid":"dev-notification-1","alg":"ECDH-ES+A256KW","use":"enc"}';
const DEV_JWE_D = 'GNTeRIjL00QmUBrE55Wdc8yQykwPjsFGOw8AqgcejXI';

export const JWE_KEY_MANAGEMENT_ALG = 'ECDH-ES+A256KW';

/**
 * Parses the service's private JWK (X25519, for ECDH-ES+A256KW) into a KeyObject, or says what is wrong with
 * it. Messages never echo the key.
 */
export function parseJwePrivateKey(json: string): { key: KeyObject } | { problem: string } {
  let jwk: Record<string, unknown>;
  try {
    jwk = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return { problem: 'not valid JSON (expected a private JWK)' };
  }
  if (typeof jwk !== 'object' || jwk === null || jwk.kty !== 'OKP' || jwk.crv !== 'X25519' || typeof jwk.d !== 'string') {
    return { problem: 'must be a private X25519 JWK (kty "OKP", crv "X25519", with "d")' };
  }
  if (jwk.alg !== undefined && jwk.alg !== JWE_KEY_MANAGEMENT_ALG) return { problem: `"alg" must be ${JWE_KEY_MANAGEMENT_ALG}` };
  if (jwk.use !== undefined && jwk.use !== 'enc') return { problem: '"use" must be "enc"' };
  try {
    const key = createPrivateKey({ key: jwk as never, format: 'jwk' });
    const x = createPublicKey(key).export({ format: 'jwk' }).x;
    if (jwk.x !== undefined && jwk.x !== x) return { problem: '"x" is not the public half of "d"' };
    return { key };
  } catch {
    return { problem: 'is not a usable X25519 private key' };
  }
}

export const notificationConfigSchema = z
  .object({
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
    /** Registration: the catalogue (offices' ePUAP boxes and e-mail addresses) and the admins' session keys. */
    REGISTRATION_URL: env.url('http://127.0.0.1:3001'),
    REGISTRATION_JWKS_URL: env.url('http://127.0.0.1:3001/.well-known/jwks.json'),
    SESSION_ISSUER: env.string('cas-rejestracja'),
    SESSION_AUDIENCE: env.string('cas'),
    /** The admin UI as administrators reach it (the digest links to its queue). */
    APPROVAL_PUBLIC_URL: env.url('http://localhost:3003'),
    /** The daily digest lists applications waiting longer than this many days… */
    DIGEST_AFTER_DAYS: env.positiveInt(7),
    /** …and goes out on this cron schedule, Warsaw time (default 7:00 every day); empty = no digest. */
    DIGEST_CRON: z.string().default('0 7 * * *'),
    /** The reconciler looks for claimed deliveries without a job this often, older than RECONCILE_AFTER_MS. */
    RECONCILE_EVERY_MS: env.positiveInt(60_000),
    RECONCILE_AFTER_MS: env.positiveInt(120_000),
    /** Longest hold of the e-mail queue while the SMTP relay is down (ms); the first is 1 s, doubling. */
    SMTP_PAUSE_MAX_MS: env.positiveInt(30_000),
    /** Attempts for a message the relay refuses temporarily (4xx other than 421), with exponential backoff from 2 s. */
    EMAIL_ATTEMPTS: env.positiveInt(12),
    /**
     * Send jobs at once per replica. About three per SMTP connection: a job holds its connection only for the SMTP
     * transaction, then writes the ledger and completes in Redis while the next job's message goes out on it. 8
     * left the pool idle part of the time: 286 and 297 e-mails/s in `npm run bench`, against 384 with 16.
     */
    EMAIL_CONCURRENCY: env.positiveInt(16),
    /**
     * Events handled at once per consumer (each becomes a ledger claim and a job). The claims of the events in hand
     * go to the ledger in one write, so more at once means fewer, larger writes: with 8 the consumer was the
     * pipeline's slowest stage (324-429 e-mails/s per round in `npm run bench`, against 438-496 with 32).
     */
    EVENT_CONCURRENCY: env.positiveInt(32),
    /** Rate limit towards the SMTP relay: at most this many sends per second (per replica). */
    EMAIL_RATE_PER_SECOND: env.positiveInt(200),
    SMTP_POOL_SIZE: env.positiveInt(5),
    /** Private JWK (JSON) that decrypts temporary passwords (DESIGN §4). Required in production. */
    NOTIFICATION_JWE_PRIVATE_KEY: z.string().min(1).optional(),
  })
  .superRefine((c, ctx) => {
    const path = ['NOTIFICATION_JWE_PRIVATE_KEY'];
    if (!c.NOTIFICATION_JWE_PRIVATE_KEY) {
      if (c.NODE_ENV === 'production')
        ctx.addIssue({ code: 'custom', path, message: 'required in production (private X25519 JWK as JSON)' });
      return;
    }
    const parsed = parseJwePrivateKey(c.NOTIFICATION_JWE_PRIVATE_KEY);
    if ('problem' in parsed) ctx.addIssue({ code: 'custom', path, message: parsed.problem });
    else if (c.NODE_ENV === 'production' && c.NOTIFICATION_JWE_PRIVATE_KEY.includes(DEV_JWE_D)) {
      ctx.addIssue({ code: 'custom', path, message: 'the development key must not be used in production' });
    }
  })
  .transform((c) => {
    const parsed = parseJwePrivateKey(c.NOTIFICATION_JWE_PRIVATE_KEY ?? DEV_JWE_PRIVATE_KEY);
    if ('problem' in parsed) throw new Error('unreachable: key checked above');
    // A KeyObject, not the JWK: it never serialises its private part (JSON.stringify gives `{}`).
    return { ...c, NOTIFICATION_JWE_PRIVATE_KEY: parsed.key };
  });

export type NotificationConfig = z.output<typeof notificationConfigSchema>;
