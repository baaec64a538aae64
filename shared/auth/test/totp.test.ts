import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, generateTotpSecret, otpauthUri, totpCode, totpStep, verifyTotp } from '../src/index.js';

// RFC 6238 Appendix B, SHA-1 rows: the seed is the ASCII string '12345678901234567890'.
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890', 'ascii'));
const RFC_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('base32 (RFC 4648)', () => {
  it('matches the RFC 4648 test vectors (without padding)', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ];
    for (const [plain, encoded] of vectors) {
      expect(base32Encode(Buffer.from(plain))).toBe(encoded);
      expect(Buffer.from(base32Decode(encoded)).toString()).toBe(plain);
    }
    expect(RFC_SECRET).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it('round-trips any bytes, and decoding tolerates padding, spaces and lower case', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const encoded = base32Encode(bytes);
        expect(encoded).toMatch(/^[A-Z2-7]*$/);
        expect(base32Decode(encoded)).toEqual(bytes);
        const padded = encoded.padEnd(Math.ceil(encoded.length / 8) * 8, '=');
        expect(base32Decode(padded.toLowerCase().replace(/(.{4})/g, '$1 '))).toEqual(bytes);
      }),
    );
  });

  it('rejects characters outside the alphabet', () => {
    expect(() => base32Decode('MZXW1')).toThrow(/base32/);
  });
});

describe('TOTP (RFC 6238)', () => {
  it('produces the Appendix B SHA-1 codes (8 digits)', () => {
    for (const [seconds, code] of RFC_VECTORS) expect(totpCode(RFC_SECRET, seconds * 1000, { digits: 8 })).toBe(code);
  });

  it('6-digit codes are the last six digits of the same values', () => {
    for (const [seconds, code] of RFC_VECTORS) expect(totpCode(RFC_SECRET, seconds * 1000)).toBe(code.slice(2));
  });

  it('verifies the Appendix B vectors and returns the step', () => {
    for (const [seconds, code] of RFC_VECTORS) {
      expect(verifyTotp(RFC_SECRET, code, seconds * 1000, { digits: 8 })).toEqual({ ok: true, step: Math.floor(seconds / 30) });
    }
  });

  it('accepts one step of drift either way by default, not two', () => {
    const t = 1_111_111_111_000;
    const step = totpStep(t);
    const codeAt = (s: number) => totpCode(RFC_SECRET, s * 30_000);
    expect(verifyTotp(RFC_SECRET, codeAt(step - 1), t)).toEqual({ ok: true, step: step - 1 });
    expect(verifyTotp(RFC_SECRET, codeAt(step + 1), t)).toEqual({ ok: true, step: step + 1 });
    expect(verifyTotp(RFC_SECRET, codeAt(step - 2), t)).toEqual({ ok: false });
    expect(verifyTotp(RFC_SECRET, codeAt(step + 2), t)).toEqual({ ok: false });
    expect(verifyTotp(RFC_SECRET, codeAt(step - 1), t, { window: 0 })).toEqual({ ok: false });
  });

  it('refuses a replay when given the last accepted step', () => {
    const t = 1_234_567_890_000;
    const code = totpCode(RFC_SECRET, t);
    const first = verifyTotp(RFC_SECRET, code, t);
    expect(first).toEqual({ ok: true, step: totpStep(t) });
    if (!first.ok) return;
    expect(verifyTotp(RFC_SECRET, code, t + 10_000, { lastAcceptedStep: first.step })).toEqual({ ok: false });
    const next = totpCode(RFC_SECRET, t + 30_000);
    expect(verifyTotp(RFC_SECRET, next, t + 30_000, { lastAcceptedStep: first.step })).toEqual({ ok: true, step: first.step + 1 });
  });

  it('rejects malformed and wrong codes, tolerates spaces in a correct one', () => {
    const t = 2_000_000_000_000;
    const code = totpCode(RFC_SECRET, t);
    expect(verifyTotp(RFC_SECRET, `${code.slice(0, 3)} ${code.slice(3)}`, t)).toEqual({ ok: true, step: totpStep(t) });
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    for (const bad of ['', '12345', '1234567', 'abcdef', `${code}0`, wrong]) expect(verifyTotp(RFC_SECRET, bad, t)).toEqual({ ok: false });
  });

  it('generates 20-byte secrets in unpadded base32', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(secret)).toHaveLength(20);
    expect(generateTotpSecret()).not.toBe(secret);
    const now = Date.now();
    expect(verifyTotp(secret, totpCode(secret, now), now)).toEqual({ ok: true, step: totpStep(now) });
  });

  it('builds the otpauth URI for authenticator apps', () => {
    expect(otpauthUri({ secret: RFC_SECRET, account: 'jan.nowak@kielce' })).toBe(
      'otpauth://totp/CAS%20Rejestracja:jan.nowak%40kielce?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=CAS%20Rejestracja&algorithm=SHA1&digits=6&period=30',
    );
  });
});
