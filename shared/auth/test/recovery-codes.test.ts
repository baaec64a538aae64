import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateRecoveryCodes, hashRecoveryCode } from '../src/index.js';

const CODE = /^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}$/;

describe('recovery codes', () => {
  it('generates ten distinct codes in groups of four without ambiguous characters', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(CODE);
      expect(code).not.toMatch(/[01ilo]/);
    }
  });

  it('honours n and refuses silly counts', () => {
    expect(generateRecoveryCodes(3)).toHaveLength(3);
    expect(() => generateRecoveryCodes(0)).toThrow();
    expect(() => generateRecoveryCodes(1.5)).toThrow();
  });

  it('uses the whole alphabet (no stuck positions)', () => {
    const seen = new Set(generateRecoveryCodes(100).join('').replace(/-/g, ''));
    expect(seen.size).toBe(31);
  });

  it('hashes the normalised code with SHA-256', () => {
    const expected = createHash('sha256').update('abcdefghjkmn').digest('hex');
    expect(hashRecoveryCode('abcd-efgh-jkmn')).toBe(expected);
    expect(hashRecoveryCode('ABCD-EFGH-JKMN')).toBe(expected);
    expect(hashRecoveryCode(' abcd efgh\tjkmn ')).toBe(expected);
    expect(hashRecoveryCode('abcdefghjkmn')).toBe(expected);
    expect(hashRecoveryCode('abcd-efgh-jkmp')).not.toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });
});
