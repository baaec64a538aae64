import { describe, expect, it } from 'vitest';
import { generateSigningKey, jwksDocument } from '../src/index.js';

describe('jwksDocument', () => {
  it('publishes exactly the public members of each key, in ring order', async () => {
    const keys = [await generateSigningKey(), await generateSigningKey()];
    const doc = jwksDocument(keys);
    expect(doc.keys).toHaveLength(2);
    doc.keys.forEach((jwk, i) => {
      const key = keys[i]!;
      expect(jwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x: key.publicJwk.x, kid: key.kid, alg: 'EdDSA', use: 'sig' });
      expect(jwk.x).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });
    expect(JSON.stringify(doc)).not.toMatch(/"d"/);
  });

  it('never contains d, even when a private JWK was put in publicJwk by mistake', async () => {
    const key = await generateSigningKey();
    expect(key.privateJwk.d).toMatch(/^[A-Za-z0-9_-]{43}$/); // the key does have private material
    const doc = jwksDocument([{ ...key, publicJwk: key.privateJwk }]);
    expect(doc.keys[0]).not.toHaveProperty('d');
    expect(JSON.stringify(doc)).not.toContain(String(key.privateJwk.d));
  });

  it('refuses a key without its public part', async () => {
    const key = await generateSigningKey();
    expect(() => jwksDocument([{ ...key, publicJwk: { kty: 'OKP', crv: 'Ed25519' } }])).toThrow(/public member x/);
  });

  it('generateSigningKey gives distinct URL-safe kids and keeps createdAt', async () => {
    const now = new Date('2030-05-01T12:00:00Z');
    const [a, b] = [await generateSigningKey(now), await generateSigningKey(now)];
    expect(a.kid).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a.kid).not.toBe(b.kid);
    expect(a.createdAt.toISOString()).toBe('2030-05-01T12:00:00.000Z');
    expect(a.publicJwk).not.toHaveProperty('d');
    expect(a.privateJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: a.kid, x: a.publicJwk.x });
  });
});
