import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { base32Decode, base32Encode } from './base32.js';

/** RFC 6238 TOTP with HMAC-SHA-1 (what authenticator apps support everywhere). Secrets are RFC 4648 base32. */
const SECRET_BYTES = 20;
const DEFAULT_DIGITS = 6;
const DEFAULT_STEP_SECONDS = 30;

export interface TotpOptions {
  /** Code length, 6–8 (default 6). */
  digits?: number;
  /** Time step in seconds (default 30). */
  stepSeconds?: number;
}

export interface VerifyTotpOptions extends TotpOptions {
  /** Steps accepted on either side of the current one, for clock drift (default 1). */
  window?: number;
  /** The step of the last accepted code: it and every earlier step are refused (replay). */
  lastAcceptedStep?: number;
}

export type TotpVerification = { ok: true; step: number } | { ok: false };

/** A new secret: 20 random bytes, base32 without padding. */
export const generateTotpSecret = (): string => base32Encode(randomBytes(SECRET_BYTES));

const digitsOf = (o: TotpOptions): number => {
  const digits = o.digits ?? DEFAULT_DIGITS;
  if (!Number.isInteger(digits) || digits < 6 || digits > 8) throw new Error('TOTP digits must be 6, 7 or 8');
  return digits;
};

/** The time step (RFC 6238 `T`) containing `timeMs`. */
export const totpStep = (timeMs: number, options: TotpOptions = {}): number =>
  Math.floor(timeMs / 1000 / (options.stepSeconds ?? DEFAULT_STEP_SECONDS));

/** RFC 4226 HOTP value for one counter. */
function hotp(key: Uint8Array, counter: number, digits: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

const secretBytes = (secret: string): Uint8Array => {
  const key = base32Decode(secret);
  if (key.length === 0) throw new Error('Empty TOTP secret');
  return key;
};

export function totpCode(secret: string, timeMs: number, options: TotpOptions = {}): string {
  return hotp(secretBytes(secret), totpStep(timeMs, options), digitsOf(options));
}

/**
 * Checks `code` against the steps around `timeMs` with constant-time comparisons. On success returns the
 * matching step: the caller stores it and passes it back as `lastAcceptedStep`, so a code is accepted once.
 */
export function verifyTotp(secret: string, code: string, timeMs: number, options: VerifyTotpOptions = {}): TotpVerification {
  const digits = digitsOf(options);
  const window = options.window ?? 1;
  if (typeof code !== 'string') return { ok: false };
  const candidate = code.replace(/\s/g, '');
  if (!new RegExp(`^\\d{${digits}}$`).test(candidate)) return { ok: false };
  const key = secretBytes(secret);
  const given = Buffer.from(candidate);
  const current = totpStep(timeMs, options);
  let matched: number | undefined;
  for (let step = current - window; step <= current + window; step++) {
    if (step < 0) continue;
    const equal = timingSafeEqual(Buffer.from(hotp(key, step, digits)), given);
    if (equal && matched === undefined && (options.lastAcceptedStep === undefined || step > options.lastAcceptedStep)) matched = step;
  }
  return matched === undefined ? { ok: false } : { ok: true, step: matched };
}

export interface OtpauthUriInput {
  secret: string;
  /** The user's login, shown in the authenticator app. */
  account: string;
  issuer?: string;
}

/** The `otpauth://` URI for the QR code an authenticator app scans (Key Uri Format). */
export function otpauthUri({ secret, account, issuer = 'CAS Rejestracja' }: OtpauthUriInput): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const params = new URLSearchParams({
    secret: secret.replace(/=+$/, ''),
    issuer,
    algorithm: 'SHA1',
    digits: String(DEFAULT_DIGITS),
    period: String(DEFAULT_STEP_SECONDS),
  });
  return `otpauth://totp/${label}?${params.toString().replace(/\+/g, '%20')}`;
}
