import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { JWK } from 'jose';
import { z } from 'zod';
import { AuthErrors } from './errors.js';

/**
 * Private JWKs at rest: AES-256-GCM under a key derived with HKDF-SHA256 from a configured secret, a random
 * 12-byte IV per sealing. Format `v1.<iv>.<ciphertext>.<tag>`, each part base64url; the version is
 * authenticated too (additional data), so a sealed value cannot be replayed under another format.
 */
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MIN_SECRET_LENGTH = 32;
const HKDF_SALT = 'cas-rejestracja/auth';
const HKDF_INFO = 'private-jwk/v1';

function deriveKey(secret: string): Buffer {
  if (secret.length < MIN_SECRET_LENGTH) throw AuthErrors.weakSecret();
  return Buffer.from(hkdfSync('sha256', secret, HKDF_SALT, HKDF_INFO, 32));
}

/** Seals any secret text (a TOTP secret, a private JWK's JSON) in the format above. */
export function sealSecret(plaintext: string, secret: string): string {
  const key = deriveKey(secret);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(VERSION));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv, ciphertext, cipher.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

export function sealPrivateJwk(jwk: JWK, secret: string): string {
  return sealSecret(JSON.stringify(jwk), secret);
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const privateJwkSchema = z.looseObject({ kty: z.string().min(1), d: z.string().min(1) });

/** Opens a sealed JWK. A wrong secret, tampering or a malformed value throws `AUTH.SEALED_KEY_INVALID`. */
export function openPrivateJwk(sealed: string, secret: string): JWK {
  const plaintext = openSecret(sealed, secret);
  try {
    const jwk: JWK = privateJwkSchema.parse(JSON.parse(plaintext));
    return jwk;
  } catch (cause) {
    throw AuthErrors.sealedKeyInvalid(cause);
  }
}

/** Opens what `sealSecret` sealed; a wrong secret, tampering or a malformed value throws `AUTH.SEALED_KEY_INVALID`. */
export function openSecret(sealed: string, secret: string): string {
  const key = deriveKey(secret);
  try {
    const parts = sealed.split('.');
    const [version, iv, ciphertext, tag] = parts;
    if (parts.length !== 4 || version !== VERSION || !iv || !ciphertext || !tag) throw new Error('Malformed sealed key');
    if (![iv, ciphertext, tag].every((p) => BASE64URL.test(p))) throw new Error('Malformed sealed key encoding');
    const ivBytes = Buffer.from(iv, 'base64url');
    const tagBytes = Buffer.from(tag, 'base64url');
    if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw new Error('Bad IV or tag length');
    const decipher = createDecipheriv('aes-256-gcm', key, ivBytes, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(VERSION));
    decipher.setAuthTag(tagBytes);
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch (cause) {
    throw AuthErrors.sealedKeyInvalid(cause);
  }
}
