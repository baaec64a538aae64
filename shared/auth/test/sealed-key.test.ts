import { describe, expect, it } from 'vitest';
import {
  createTokenIssuer,
  createTokenVerifier,
  generateSigningKey,
  localJwks,
  openPrivateJwk,
  sealPrivateJwk,
  type SigningKey,
} from '../src/index.js';
import { AUDIENCE, claims, ISSUER, thrown } from './support.js';

const SECRET = 'a-long-and-random-sealing-secret-of-the-registration-service';
const SEALED_FORMAT = /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/;

/** Flips one bit of the decoded bytes of part `index` (base64url character edits may only touch padding bits). */
const tamper = (sealed: string, index: number): string => {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[index]!, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
};

const expectInvalid = (fn: () => unknown) => {
  const error = thrown(fn);
  expect(error.code).toBe('AUTH.SEALED_KEY_INVALID');
  expect(error.status).toBe(500);
  expect(error.message).not.toContain(SECRET);
};

describe('sealPrivateJwk / openPrivateJwk', () => {
  it('round-trips a private JWK in the versioned format, with a fresh IV every time', async () => {
    const key = await generateSigningKey();
    const sealed = sealPrivateJwk(key.privateJwk, SECRET);
    expect(sealed).toMatch(SEALED_FORMAT);
    expect(Buffer.from(sealed.split('.')[1]!, 'base64url')).toHaveLength(12);
    expect(sealed).not.toContain(String(key.privateJwk.d));
    expect(openPrivateJwk(sealed, SECRET)).toEqual(key.privateJwk);

    const again = sealPrivateJwk(key.privateJwk, SECRET);
    expect(again.split('.')[1]).not.toBe(sealed.split('.')[1]);
    expect(again).not.toBe(sealed);
  });

  it('an opened key signs tokens that verify against the original public key', async () => {
    const key = await generateSigningKey();
    const reopened: SigningKey = { ...key, privateJwk: openPrivateJwk(sealPrivateJwk(key.privateJwk, SECRET), SECRET) };
    const token = await createTokenIssuer({ keys: () => [reopened], issuer: ISSUER, audience: AUDIENCE, ttlSeconds: 60 }).issue(claims());
    const verifier = createTokenVerifier({ jwks: localJwks(() => [key]), issuer: ISSUER, audience: AUDIENCE });
    await expect(verifier.verify(token)).resolves.toEqual(claims());
  });

  it('throws with the wrong secret', async () => {
    const sealed = sealPrivateJwk((await generateSigningKey()).privateJwk, SECRET);
    expectInvalid(() => openPrivateJwk(sealed, `${SECRET}-rotated`));
  });

  it('throws when the IV, ciphertext or tag is tampered with', async () => {
    const sealed = sealPrivateJwk((await generateSigningKey()).privateJwk, SECRET);
    for (const part of [1, 2, 3]) expectInvalid(() => openPrivateJwk(tamper(sealed, part), SECRET));
  });

  it('throws on malformed values and other versions', async () => {
    const sealed = sealPrivateJwk((await generateSigningKey()).privateJwk, SECRET);
    const [, iv, ciphertext, tag] = sealed.split('.');
    for (const bad of [
      '',
      'v1',
      `v2.${iv}.${ciphertext}.${tag}`,
      `v1.${iv}.${ciphertext}`,
      `${sealed}.x`,
      `v1.${iv}.${ciphertext}.${tag!.slice(2)}`,
    ]) {
      expectInvalid(() => openPrivateJwk(bad, SECRET));
    }
  });

  it('refuses a secret shorter than 32 characters', async () => {
    const { privateJwk } = await generateSigningKey();
    expect(thrown(() => sealPrivateJwk(privateJwk, 'short-secret')).code).toBe('AUTH.WEAK_SECRET');
    expect(thrown(() => openPrivateJwk('v1.a.b.c', 'short-secret')).code).toBe('AUTH.WEAK_SECRET');
  });
});
