import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTokenIssuer, createTokenVerifier, generateSigningKey, localJwks, planRotation, type SigningKey } from '../src/index.js';
import { AUDIENCE, claims, invalidTokenReason, ISSUER } from './support.js';

const DAY = 86_400_000;
const policy = { rotateAfterMs: 30 * DAY, keepRetiredMs: 2 * DAY };
const T0 = new Date('2030-01-01T00:00:00Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY);
/** planRotation only reads kid and createdAt. */
const fakeKey = (kid: string, createdAt: Date): SigningKey => ({ kid, createdAt, privateJwk: {}, publicJwk: {} });
const kids = (keys: readonly SigningKey[]) => keys.map((k) => k.kid);

describe('planRotation', () => {
  it('asks for a first key when the ring is empty', () => {
    expect(planRotation([], T0, policy)).toEqual({ needNewKey: true, active: [] });
  });

  it('keeps a young key and asks for nothing', () => {
    const plan = planRotation([fakeKey('a', at(0))], at(29.9), policy);
    expect(plan.needNewKey).toBe(false);
    expect(kids(plan.active)).toEqual(['a']);
  });

  it('asks for a new key once the newest is rotateAfter old, and never drops the newest', () => {
    expect(planRotation([fakeKey('a', at(0))], at(30), policy).needNewKey).toBe(true);
    const late = planRotation([fakeKey('a', at(0))], at(400), policy);
    expect(late).toEqual({ needNewKey: true, active: [fakeKey('a', at(0))] });
  });

  it('keeps the retired key for keepRetired after its successor, then drops it; output is newest first', () => {
    const ring = [fakeKey('a', at(0)), fakeKey('b', at(30))]; // unsorted on purpose
    expect(kids(planRotation(ring, at(31.9), policy).active)).toEqual(['b', 'a']);
    const dropped = planRotation(ring, at(32), policy);
    expect(kids(dropped.active)).toEqual(['b']);
    expect(dropped.needNewKey).toBe(false);
    expect(kids(ring)).toEqual(['a', 'b']); // input untouched
  });

  it('after a late rotation keeps the old key until its successor has existed for keepRetired', () => {
    // 'a' was still signing on day 40 when 'b' finally arrived: its last tokens live until day 40 + TTL.
    const ring = [fakeKey('b', at(40)), fakeKey('a', at(0))];
    expect(kids(planRotation(ring, at(41), policy).active)).toEqual(['b', 'a']);
    expect(kids(planRotation(ring, at(42), policy).active)).toEqual(['b']);
  });

  it('drops every key past retirement in a long ring', () => {
    const ring = [fakeKey('d', at(90)), fakeKey('c', at(60)), fakeKey('b', at(30)), fakeKey('a', at(0))];
    expect(kids(planRotation(ring, at(91), policy).active)).toEqual(['d', 'c']);
    expect(kids(planRotation(ring, at(93), policy).active)).toEqual(['d']);
  });
});

describe('key rotation end to end', () => {
  it('verifies tokens of the previous key while it is published and rejects them once it is dropped', async () => {
    const ttlSeconds = 3600;
    let ring: SigningKey[] = [await generateSigningKey(at(0))];
    const issuer = createTokenIssuer({ keys: () => ring, issuer: ISSUER, audience: AUDIENCE, ttlSeconds });
    let clock = new Date(at(30).getTime() - 1_000); // the old key signs one last token a second before rotation
    const verifier = createTokenVerifier({ jwks: localJwks(() => ring), issuer: ISSUER, audience: AUDIENCE, now: () => clock });
    const rotationPolicy = { rotateAfterMs: 30 * DAY, keepRetiredMs: ttlSeconds * 1000 };

    const oldToken = await issuer.issue(claims({ sid: 'old' }), clock);
    expect(decodeProtectedHeader(oldToken).kid).toBe(ring[0]!.kid);

    clock = at(30);
    const plan = planRotation(ring, clock, rotationPolicy);
    expect(plan.needNewKey).toBe(true);
    ring = [await generateSigningKey(clock), ...plan.active];
    const [newKey, oldKey] = ring as [SigningKey, SigningKey];

    const newToken = await issuer.issue(claims({ sid: 'new' }), clock);
    expect(decodeProtectedHeader(newToken).kid).toBe(newKey.kid);
    await expect(verifier.verify(oldToken)).resolves.toMatchObject({ sid: 'old' });
    await expect(verifier.verify(newToken)).resolves.toMatchObject({ sid: 'new' });

    // Rotation job a second before the old token expires: the old key is still needed and kept.
    clock = new Date(at(30).getTime() + ttlSeconds * 1000 - 2_000);
    ring = planRotation(ring, clock, rotationPolicy).active;
    expect(kids(ring)).toEqual([newKey.kid, oldKey.kid]);
    await expect(verifier.verify(oldToken)).resolves.toMatchObject({ sid: 'old' });

    // Dropped once its successor has been around for keepRetired; checked at a time the token would still be live.
    ring = planRotation(ring, new Date(at(30).getTime() + ttlSeconds * 1000), rotationPolicy).active;
    expect(kids(ring)).toEqual([newKey.kid]);
    clock = at(30);
    expect(await invalidTokenReason(verifier.verify(oldToken))).toBe('ERR_JWKS_NO_MATCHING_KEY');
    await expect(verifier.verify(newToken)).resolves.toMatchObject({ sid: 'new' });
  });
});
