// Session tokens: EdDSA (Ed25519) JWTs, their key ring, JWKS and sealed private keys.
export { SESSION_ROLES, sessionClaimsSchema, type SessionClaims, type SessionRole } from './session-claims.js';
export { generateSigningKey, SESSION_TOKEN_ALG, type SigningKey } from './signing-key.js';
export { createTokenIssuer, type TokenIssuer, type TokenIssuerOptions } from './token-issuer.js';
export { createTokenVerifier, type TokenVerifier, type TokenVerifierOptions } from './token-verifier.js';
export { jwksDocument, localJwks, remoteJwks, type JwksDocument, type JwksSource, type RemoteJwksOptions } from './jwks.js';
export { planRotation, type RotationPlan, type RotationPolicy } from './key-rotation.js';
export { openPrivateJwk, openSecret, sealPrivateJwk, sealSecret } from './sealed-key.js';
