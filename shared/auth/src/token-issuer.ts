import { SignJWT, type CryptoKey } from 'jose';
import { AuthErrors } from './errors.js';
import { importAsymmetricJwk } from './import-key.js';
import { randomId } from './random-id.js';
import { claimsToWire, sessionClaimsSchema, type SessionClaims } from './session-claims.js';
import { SESSION_TOKEN_ALG, type SigningKey } from './signing-key.js';

export interface TokenIssuerOptions {
  /** The key ring, newest first; the newest key signs. Read on every call, so rotation applies at once. */
  keys: () => readonly SigningKey[];
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export interface TokenIssuer {
  /** Signs a session token for `claims`, valid from `now` for `ttlSeconds`. */
  issue(claims: SessionClaims, now?: Date): Promise<string>;
}

export function createTokenIssuer(options: TokenIssuerOptions): TokenIssuer {
  if (!Number.isInteger(options.ttlSeconds) || options.ttlSeconds <= 0) throw new Error('ttlSeconds must be a positive integer');
  const imported = new Map<string, Promise<CryptoKey>>();

  const privateKeyOf = (key: SigningKey): Promise<CryptoKey> => {
    const known = imported.get(key.kid);
    if (known) return known;
    const pending = importAsymmetricJwk(key.privateJwk, SESSION_TOKEN_ALG);
    imported.set(key.kid, pending);
    pending.catch(() => imported.delete(key.kid));
    return pending;
  };

  return {
    async issue(claims, now = new Date()) {
      const parsed = sessionClaimsSchema.safeParse(claims);
      if (!parsed.success) throw AuthErrors.invalidClaims(parsed.error);
      const ring = options.keys();
      const key = ring[0];
      if (!key) throw AuthErrors.noSigningKey();
      for (const kid of imported.keys()) if (!ring.some((k) => k.kid === kid)) imported.delete(kid);
      const iat = Math.floor(now.getTime() / 1000);
      return new SignJWT(claimsToWire(parsed.data))
        .setProtectedHeader({ alg: SESSION_TOKEN_ALG, kid: key.kid, typ: 'JWT' })
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setIssuedAt(iat)
        .setExpirationTime(iat + options.ttlSeconds)
        .setJti(randomId())
        .sign(await privateKeyOf(key));
    },
  };
}
