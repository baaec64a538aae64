import { compactDecrypt, CompactEncrypt, exportJWK, generateKeyPair, type JWK } from 'jose';
import { AuthErrors } from './errors.js';
import { importAsymmetricJwk } from './import-key.js';
import { randomId } from './random-id.js';

/**
 * Encryption of short secrets (the temporary password) for one recipient service: JWE compact serialisation,
 * ECDH-ES+A256KW key agreement on X25519, A256GCM content encryption, the recipient's `kid` in the header.
 */
const KEY_ALG = 'ECDH-ES+A256KW';
const CONTENT_ENC = 'A256GCM';

export interface EncryptionKeyPair {
  kid: string;
  publicJwk: JWK;
  privateJwk: JWK;
}

export async function generateEncryptionKeyPair(): Promise<EncryptionKeyPair> {
  const { publicKey, privateKey } = await generateKeyPair('ECDH-ES', { crv: 'X25519', extractable: true });
  const kid = randomId();
  const meta = { kid, alg: KEY_ALG, use: 'enc' } as const;
  return { kid, publicJwk: { ...(await exportJWK(publicKey)), ...meta }, privateJwk: { ...(await exportJWK(privateKey)), ...meta } };
}

export interface EncryptOptions {
  /** After this instant `decryptWith` refuses the message (`exp` header, integrity-protected). */
  expiresAt?: Date;
}

export async function encryptFor(publicJwk: JWK, plaintext: string, options: EncryptOptions = {}): Promise<string> {
  if (typeof publicJwk.kid !== 'string' || publicJwk.kid === '') throw new Error('The recipient key has no kid');
  if ('d' in publicJwk) throw new Error('encryptFor expects the public key, not the private one');
  const key = await importAsymmetricJwk(publicJwk, KEY_ALG);
  return new CompactEncrypt(new TextEncoder().encode(plaintext))
    .setProtectedHeader({
      alg: KEY_ALG,
      enc: CONTENT_ENC,
      kid: publicJwk.kid,
      ...(options.expiresAt ? { exp: Math.floor(options.expiresAt.getTime() / 1000) } : {}),
    })
    .encrypt(key);
}

export interface DecryptOptions {
  /** The clock (tests); defaults to the system clock. */
  now?: Date;
}

/** Decrypts a message from `encryptFor`; wrong key, tampering, expiry or another algorithm throw `AUTH.JWE_INVALID`. */
export async function decryptWith(privateJwk: JWK, jwe: string, options: DecryptOptions = {}): Promise<string> {
  try {
    const key = await importAsymmetricJwk(privateJwk, KEY_ALG);
    const { plaintext, protectedHeader } = await compactDecrypt(jwe, key, {
      keyManagementAlgorithms: [KEY_ALG],
      contentEncryptionAlgorithms: [CONTENT_ENC],
    });
    if (privateJwk.kid !== undefined && protectedHeader.kid !== privateJwk.kid) throw new Error('The message is for another key');
    const { exp } = protectedHeader;
    if (exp !== undefined) {
      if (typeof exp !== 'number') throw new Error('Malformed exp header');
      if ((options.now ?? new Date()).getTime() >= exp * 1000) throw new Error('The message has expired');
    }
    return new TextDecoder('utf-8', { fatal: true }).decode(plaintext);
  } catch (cause) {
    throw AuthErrors.encryptedMessageInvalid(cause);
  }
}
