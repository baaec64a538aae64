import { createPublicKey } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, importJWK, SignJWT, UnsecuredJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import {
  createTokenIssuer,
  createTokenVerifier,
  generateSigningKey,
  localJwks,
  type SessionClaims,
  type SigningKey,
  type TokenIssuer,
  type TokenVerifier,
} from '../src/index.js';
import { AUDIENCE, b64uJson, claims, fromB64uJson, invalidTokenReason, ISSUER, rejection } from './support.js';

const TTL = 900;

let key: SigningKey;
let issuer: TokenIssuer;
let verifier: TokenVerifier;

beforeAll(async () => {
  key = await generateSigningKey();
  issuer = createTokenIssuer({ keys: () => [key], issuer: ISSUER, audience: AUDIENCE, ttlSeconds: TTL });
  verifier = createTokenVerifier({ jwks: localJwks(() => [key]), issuer: ISSUER, audience: AUDIENCE });
});

/** The wire payload a valid token of ours carries, for hand-made tokens. */
const wirePayload = (now = Math.floor(Date.now() / 1000)) => ({
  iss: ISSUER,
  aud: AUDIENCE,
  iat: now,
  exp: now + TTL,
  jti: 'jti-1',
  sub: 'user-42',
  sid: 'session-7',
  rol: 'user',
  voi: null,
  uni: 'unit-1',
  lgn: 'jnowak',
  name: 'Jan Nowak',
  ath: now,
  mfa: false,
  mcp: false,
});

const signWithKey = async (payload: Record<string, unknown>, header: Record<string, unknown>, jwk = key.privateJwk) =>
  new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', ...header }).sign(await importJWK(jwk, 'EdDSA'));

describe('session token issue → verify', () => {
  it('round-trips every claim and carries the expected header and registered claims', async () => {
    const input = claims();
    const now = new Date();
    const token = await issuer.issue(input, now);

    await expect(verifier.verify(token)).resolves.toEqual(input);

    expect(decodeProtectedHeader(token)).toEqual({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' });
    const payload = decodeJwt(token);
    const iat = Math.floor(now.getTime() / 1000);
    expect(payload).toMatchObject({ iss: ISSUER, aud: AUDIENCE, iat, exp: iat + TTL, sub: 'user-42', sid: 'session-7' });
    expect(payload.jti).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(payload).toMatchObject({ rol: 'voivodeship-admin', voi: '26', uni: null, ath: 1_764_000_000, mfa: true, mcp: false });
  });

  it('round-trips the other roles and null/non-null variants', async () => {
    const variants: SessionClaims[] = [
      claims({ role: 'user', voivodeship: '02', unitId: 'unit-9', mfa: false, mustChangePassword: true }),
      claims({ role: 'central-admin', voivodeship: null, unitId: null }),
    ];
    for (const input of variants) await expect(verifier.verify(await issuer.issue(input))).resolves.toEqual(input);
  });

  it('gives every token its own jti', async () => {
    const a = decodeJwt(await issuer.issue(claims()));
    const b = decodeJwt(await issuer.issue(claims()));
    expect(a.jti).not.toBe(b.jti);
  });

  it('refuses to sign claims that do not match the schema', async () => {
    const error = await rejection(issuer.issue(claims({ voivodeship: '2' })));
    expect(error.code).toBe('AUTH.INVALID_CLAIMS');
    expect(error.cause).toBeInstanceOf(ZodError);
  });

  it('fails with AUTH.NO_SIGNING_KEY when the key ring is empty', async () => {
    const empty = createTokenIssuer({ keys: () => [], issuer: ISSUER, audience: AUDIENCE, ttlSeconds: TTL });
    expect((await rejection(empty.issue(claims()))).code).toBe('AUTH.NO_SIGNING_KEY');
  });
});

describe('session token rejection', () => {
  it('rejects an expired token, and accepts it within the clock tolerance', async () => {
    const issuedAt = new Date(Date.now() - (TTL + 5) * 1000);
    const token = await issuer.issue(claims(), issuedAt);
    expect(await invalidTokenReason(verifier.verify(token))).toBe('ERR_JWT_EXPIRED');

    const tolerant = createTokenVerifier({ jwks: localJwks(() => [key]), issuer: ISSUER, audience: AUDIENCE, clockToleranceSeconds: 60 });
    await expect(tolerant.verify(token)).resolves.toEqual(claims());
  });

  it('uses the injected clock', async () => {
    const token = await issuer.issue(claims(), new Date('2030-01-01T00:00:00Z'));
    const at = (iso: string) =>
      createTokenVerifier({ jwks: localJwks(() => [key]), issuer: ISSUER, audience: AUDIENCE, now: () => new Date(iso) });
    await expect(at('2030-01-01T00:14:59Z').verify(token)).resolves.toEqual(claims());
    expect(await invalidTokenReason(at('2030-01-01T00:15:00Z').verify(token))).toBe('ERR_JWT_EXPIRED');
  });

  it('rejects a token that is not valid yet (nbf)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await signWithKey({ ...wirePayload(now), nbf: now + 600 }, { kid: key.kid, typ: 'JWT' });
    expect(await invalidTokenReason(verifier.verify(token))).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
  });

  it('accepts a hand-made token with the right key and header (control for the cases below)', async () => {
    const token = await signWithKey(wirePayload(), { kid: key.kid, typ: 'JWT' });
    await expect(verifier.verify(token)).resolves.toMatchObject({ role: 'user', unitId: 'unit-1' });
  });

  it('rejects a token signed by another key that claims the same kid', async () => {
    const impostor = await generateSigningKey();
    const forged = { ...impostor, kid: key.kid };
    const forger = createTokenIssuer({ keys: () => [forged], issuer: ISSUER, audience: AUDIENCE, ttlSeconds: TTL });
    const token = await forger.issue(claims({ role: 'central-admin' }));
    expect(decodeProtectedHeader(token).kid).toBe(key.kid);
    expect(await invalidTokenReason(verifier.verify(token))).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });

  it('rejects a tampered payload', async () => {
    const [header, payload, signature] = (await issuer.issue(claims({ role: 'user', voivodeship: null }))).split('.') as [
      string,
      string,
      string,
    ];
    const elevated = b64uJson({ ...fromB64uJson(payload), rol: 'central-admin' });
    expect(await invalidTokenReason(verifier.verify(`${header}.${elevated}.${signature}`))).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });

  it('rejects a tampered header (kid of a key that does not exist)', async () => {
    const [, payload, signature] = (await issuer.issue(claims())).split('.') as [string, string, string];
    const header = b64uJson({ alg: 'EdDSA', kid: 'unknown-kid', typ: 'JWT' });
    expect(await invalidTokenReason(verifier.verify(`${header}.${payload}.${signature}`))).toBe('ERR_JWKS_NO_MATCHING_KEY');
  });

  it('rejects an unsigned alg "none" token crafted by hand', async () => {
    const token = `${b64uJson({ alg: 'none', typ: 'JWT', kid: key.kid })}.${b64uJson(wirePayload())}.`;
    expect(await invalidTokenReason(verifier.verify(token))).toBe('ERR_JOSE_ALG_NOT_ALLOWED');
    const joseMade = new UnsecuredJWT(wirePayload()).encode();
    expect(await invalidTokenReason(verifier.verify(joseMade))).toBeDefined();
  });

  it('rejects HS256 tokens keyed with the public key (algorithm confusion)', async () => {
    const publicKey = createPublicKey({ key: key.publicJwk, format: 'jwk' });
    const secrets = [
      Buffer.from(String(key.publicJwk.x), 'base64url'),
      Buffer.from(publicKey.export({ format: 'pem', type: 'spki' })),
      Buffer.from(JSON.stringify(key.publicJwk)),
    ];
    for (const secret of secrets) {
      const token = await new SignJWT(wirePayload()).setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'JWT' }).sign(secret);
      expect(await invalidTokenReason(verifier.verify(token))).toBe('ERR_JOSE_ALG_NOT_ALLOWED');
    }
  });

  it('rejects a validly signed token without a kid', async () => {
    const token = await signWithKey(wirePayload(), { typ: 'JWT' });
    const error = await rejection(verifier.verify(token));
    expect(error.code).toBe('AUTH.INVALID_TOKEN');
    expect(String(error.cause)).toContain('no kid');
  });

  it('rejects a validly signed token of another type (typ)', async () => {
    const token = await signWithKey(wirePayload(), { kid: key.kid, typ: 'at+jwt' });
    expect(await invalidTokenReason(verifier.verify(token))).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
  });

  it('rejects a wrong audience and a wrong issuer', async () => {
    const token = await issuer.issue(claims());
    const otherAudience = createTokenVerifier({ jwks: localJwks(() => [key]), issuer: ISSUER, audience: 'other-app' });
    const otherIssuer = createTokenVerifier({ jwks: localJwks(() => [key]), issuer: 'https://evil.example', audience: AUDIENCE });
    for (const v of [otherAudience, otherIssuer]) {
      const error = await rejection(v.verify(token));
      expect(error.code).toBe('AUTH.INVALID_TOKEN');
      expect(error.cause).toMatchObject({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: v === otherAudience ? 'aud' : 'iss' });
    }
  });

  it('rejects a validly signed token whose claims fail the schema, with the zod error as cause', async () => {
    const cases: Record<string, unknown>[] = [
      { ...wirePayload(), rol: 'superuser' },
      { ...wirePayload(), voi: 'mazowieckie' },
      { ...wirePayload(), mcp: undefined },
      { ...wirePayload(), ath: '1764000000' },
    ];
    for (const payload of cases) {
      const error = await rejection(verifier.verify(await signWithKey(payload, { kid: key.kid, typ: 'JWT' })));
      expect(error.code).toBe('AUTH.INVALID_TOKEN');
      expect(error.cause).toBeInstanceOf(ZodError);
    }
  });

  it('rejects a token missing a required registered claim (jti)', async () => {
    const { jti: _jti, ...withoutJti } = wirePayload();
    expect(await invalidTokenReason(verifier.verify(await signWithKey(withoutJti, { kid: key.kid, typ: 'JWT' })))).toBe(
      'ERR_JWT_CLAIM_VALIDATION_FAILED',
    );
  });

  it('answers garbage with the same error and message', async () => {
    for (const garbage of ['', 'abc', 'a.b.c', '...', `${b64uJson({ alg: 'EdDSA', kid: key.kid })}.e30.`]) {
      const error = await rejection(verifier.verify(garbage));
      expect(error.code).toBe('AUTH.INVALID_TOKEN');
      expect(error.message).toBe('Sesja wygasła lub jest nieprawidłowa. Zaloguj się ponownie.');
      expect(error.cause).toBeDefined();
    }
  });
});
