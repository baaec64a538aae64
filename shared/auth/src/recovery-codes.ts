import { createHash, randomInt } from 'node:crypto';

/** Lower-case letters and digits without the look-alikes 0/o, 1/i/l. 31 symbols: ~4.95 bits each. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const GROUPS = 3;
const GROUP_LENGTH = 4;

const randomGroup = (): string => Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

/** `n` distinct one-time recovery codes like `abcd-efgh-jkmn` (12 random symbols, about 59 bits each). */
export function generateRecoveryCodes(n = 10): string[] {
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new Error('Recovery code count must be between 1 and 100');
  const codes = new Set<string>();
  while (codes.size < n) codes.add(Array.from({ length: GROUPS }, randomGroup).join('-'));
  return [...codes];
}

/** The canonical form of a code as typed: lower case, without hyphens and whitespace. */
export const normaliseRecoveryCode = (code: string): string => code.toLowerCase().replace(/[-\s]/g, '');

/**
 * SHA-256 (hex) of the normalised code, for storage. A fast unsalted hash is enough here, unlike for passwords:
 * the codes are random with about 59 bits of entropy, so neither guessing nor precomputation is feasible, and
 * lookups by hash stay cheap.
 */
export const hashRecoveryCode = (code: string): string => createHash('sha256').update(normaliseRecoveryCode(code), 'utf8').digest('hex');
