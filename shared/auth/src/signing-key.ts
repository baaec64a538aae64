import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { randomId } from './random-id.js';

/** The only signature algorithm of session tokens. */
export const SESSION_TOKEN_ALG = 'EdDSA';

/** One Ed25519 key of the issuing service's key ring. `privateJwk` never leaves the issuer unsealed. */
export interface SigningKey {
  kid: string;
  createdAt: Date;
  privateJwk: JWK;
  publicJwk: JWK;
}

/** A fresh Ed25519 signing key with a random URL-safe `kid`. */
export async function generateSigningKey(now: Date = new Date()): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('Ed25519', { extractable: true });
  const kid = randomId();
  const meta = { kid, alg: SESSION_TOKEN_ALG, use: 'sig' } as const;
  const privateJwk = { ...(await exportJWK(privateKey)), ...meta };
  const publicJwk = { ...(await exportJWK(publicKey)), ...meta };
  return { kid, createdAt: new Date(now.getTime()), privateJwk, publicJwk };
}
