import { importJWK, type CryptoKey, type JWK } from 'jose';

/** Imports an asymmetric JWK for `alg`; a symmetric (`oct`) key is refused rather than silently accepted. */
export async function importAsymmetricJwk(jwk: JWK, alg: string): Promise<CryptoKey> {
  const key = await importJWK(jwk, alg);
  if (key instanceof Uint8Array) throw new Error(`Expected an asymmetric key for ${alg}, got a symmetric one`);
  return key;
}
