import { jwtVerify, type JWTVerifyGetKey } from 'jose';
import { AuthErrors } from './errors.js';
import type { JwksSource } from './jwks.js';
import { claimsFromWire, sessionPayloadSchema, type SessionClaims } from './session-claims.js';
import { SESSION_TOKEN_ALG } from './signing-key.js';

export interface TokenVerifierOptions {
  jwks: JwksSource;
  issuer: string;
  audience: string;
  /** Accepted clock skew for `exp` and `nbf` (default 0). */
  clockToleranceSeconds?: number;
  /** The clock (tests); defaults to the system clock. */
  now?: () => Date;
}

export interface TokenVerifier {
  /** The claims of a valid token; any failure throws `AUTH.INVALID_TOKEN` (401) with the reason as `cause`. */
  verify(token: string): Promise<SessionClaims>;
}

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  // Without a `kid`, jose would try a key set's single key; we insist on naming a known key.
  const getKey: JWTVerifyGetKey = (protectedHeader, token) => {
    if (typeof protectedHeader.kid !== 'string' || protectedHeader.kid === '') throw new Error('Token header has no kid');
    return options.jwks(protectedHeader, token);
  };

  return {
    async verify(token) {
      try {
        if (typeof token !== 'string' || token === '') throw new Error('No token');
        const { payload } = await jwtVerify(token, getKey, {
          algorithms: [SESSION_TOKEN_ALG],
          issuer: options.issuer,
          audience: options.audience,
          typ: 'JWT',
          clockTolerance: options.clockToleranceSeconds ?? 0,
          requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti', 'sub'],
          ...(options.now ? { currentDate: options.now() } : {}),
        });
        return claimsFromWire(sessionPayloadSchema.parse(payload));
      } catch (cause) {
        throw AuthErrors.invalidToken(cause);
      }
    },
  };
}
