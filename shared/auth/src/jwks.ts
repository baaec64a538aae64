import { createLocalJWKSet, createRemoteJWKSet, type CryptoKey, type FlattenedJWSInput, type JWK, type JWSHeaderParameters } from 'jose';
import { SESSION_TOKEN_ALG, type SigningKey } from './signing-key.js';

/** Resolves the verification key for a token's protected header (jose's `JWTVerifyGetKey` shape). */
export type JwksSource = (protectedHeader: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<CryptoKey>;

export interface JwksDocument {
  keys: JWK[];
}

/** Members of a public Ed25519 JWK; everything else (above all `d`) is dropped. */
const PUBLIC_MEMBERS = ['kty', 'crv', 'x'] as const;

/** The public JWKS of the key ring, as served at `/.well-known/jwks.json`. Never contains private material. */
export function jwksDocument(keys: readonly SigningKey[]): JwksDocument {
  const out = keys.map((key): JWK => {
    const jwk: JWK = {};
    for (const member of PUBLIC_MEMBERS) {
      const value = key.publicJwk[member];
      if (typeof value !== 'string' || value === '') throw new Error(`Signing key ${key.kid} has no public member ${member}`);
      jwk[member] = value;
    }
    return { ...jwk, kid: key.kid, alg: SESSION_TOKEN_ALG, use: 'sig' };
  });
  for (const jwk of out) {
    if ('d' in jwk) throw new Error('Refusing to publish a private key in a JWKS document');
  }
  return { keys: out };
}

/**
 * Keys of the issuing service itself, read on every verification so rotation applies at once. The jose key set
 * is rebuilt only when the set of keys changes.
 */
export function localJwks(keys: () => readonly SigningKey[]): JwksSource {
  let cached: { fingerprint: string; set: JwksSource } | undefined;
  return async (protectedHeader, token) => {
    const current = keys();
    const fingerprint = current.map((k) => `${k.kid}:${String(k.publicJwk.x)}`).join(',');
    if (cached?.fingerprint !== fingerprint) cached = { fingerprint, set: createLocalJWKSet(jwksDocument(current)) };
    return cached.set(protectedHeader, token);
  };
}

export interface RemoteJwksOptions {
  /** Minimum time between two fetches triggered by an unknown `kid`. */
  cooldownMs: number;
  /** Timeout of one fetch of the JWKS document. */
  timeoutMs: number;
  /** How long a fetched document is used before it is fetched again (jose default: 10 minutes). */
  cacheMaxAgeMs?: number;
}

/**
 * The JWKS of another service, fetched over HTTP and cached. A token with an unknown `kid` triggers a refetch
 * (at most once per `cooldownMs`), so a freshly rotated key is picked up without a restart.
 */
export function remoteJwks(url: string | URL, options: RemoteJwksOptions): JwksSource {
  const set = createRemoteJWKSet(new URL(url), {
    cooldownDuration: options.cooldownMs,
    timeoutDuration: options.timeoutMs,
    ...(options.cacheMaxAgeMs === undefined ? {} : { cacheMaxAge: options.cacheMaxAgeMs }),
  });
  return (protectedHeader, token) => set(protectedHeader, token);
}
