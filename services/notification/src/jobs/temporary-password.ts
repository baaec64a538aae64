import type { KeyObject } from 'node:crypto';
import { compactDecrypt } from 'jose';
import { fillTemporaryPassword, type RenderedEmail } from '../domain/templates/index.js';

/** Why a delivery's secret could not be used; carries no part of the JWE or of the plaintext. */
export class SecretUnreadableError extends Error {
  constructor(readonly reason: string) {
    super(`temporary password could not be decrypted: ${reason}`);
    this.name = 'SecretUnreadableError';
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decrypts the temporary password (compact JWE, ECDH-ES+A256KW with X25519, A256GCM; only these algorithms
 * are accepted). The result lives in memory for one SMTP send and is never stored or logged.
 */
export async function decryptTemporaryPassword(jwe: string, key: KeyObject, now = new Date()): Promise<string> {
  let plaintext: Uint8Array;
  let exp: unknown;
  try {
    ({
      plaintext,
      protectedHeader: { exp },
    } = await compactDecrypt(jwe, key, {
      keyManagementAlgorithms: ['ECDH-ES+A256KW'],
      contentEncryptionAlgorithms: ['A256GCM'],
    }));
  } catch (e) {
    // jose's codes are fixed texts (ERR_JWE_DECRYPTION_FAILED, …), never token contents.
    throw new SecretUnreadableError((e as { code?: string }).code ?? 'invalid JWE');
  }
  // Optional integrity-protected `exp` header (seconds): a password past its validity is not worth sending.
  if (exp !== undefined && (typeof exp !== 'number' || now.getTime() >= exp * 1000)) throw new SecretUnreadableError('expired');
  let password: string;
  try {
    password = utf8.decode(plaintext);
  } catch {
    throw new SecretUnreadableError('plaintext is not UTF-8');
  }
  if (password.length < 8 || password.length > 256 || /[\u0000-\u001f\u007f]/.test(password)) {
    throw new SecretUnreadableError('plaintext is not a plausible password');
  }
  return password;
}

/** The message to hand to SMTP: the ledger copy, with the decrypted secret filled in when there is one. */
export async function revealMessage(d: RenderedEmail & { secret?: string }, key: KeyObject): Promise<RenderedEmail> {
  const base = { subject: d.subject, text: d.text, html: d.html };
  if (!d.secret) return base;
  const password = await decryptTemporaryPassword(d.secret, key);
  try {
    return fillTemporaryPassword(base, password);
  } catch {
    throw new SecretUnreadableError('stored e-mail has no placeholder for it');
  }
}
