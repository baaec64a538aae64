import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  normaliseEmail,
  normaliseNip,
  normalisePhone,
  normalisePostalCode,
  normaliseRegon,
  normaliseTeryt,
} from '../src/domain/identifiers.js';
import { isCommonPassword, passwordProblem } from '../src/domain/password-policy.js';

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n });
const sumW = (d: number[], w: number[]) => w.reduce((s, x, i) => s + x * (d[i] ?? 0), 0);

/** Generators of valid identifiers, written from the rules of DESIGN §2 independently of the code under test. */
const validNip = digits(9)
  .map((d) => ({ d, c: sumW(d, [6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11 }))
  .filter(({ c }) => c !== 10)
  .map(({ d, c }) => `${d.join('')}${c}`);
const validRegon9 = digits(8).map((d) => `${d.join('')}${(sumW(d, [8, 9, 2, 3, 4, 5, 6, 7]) % 11) % 10}`);
const validRegon14 = fc.tuple(validRegon9, digits(4)).map(([r9, d]) => {
  const all = [...r9].map(Number).concat(d);
  return `${all.join('')}${(sumW(all, [2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8]) % 11) % 10}`;
});
const mutateOneDigit = (s: string) =>
  fc.tuple(fc.integer({ min: 0, max: s.length - 1 }), fc.integer({ min: 1, max: 9 })).map(([i, delta]) => {
    const d = (Number(s[i]) + delta) % 10;
    return s.slice(0, i) + String(d) + s.slice(i + 1);
  });

describe('NIP', () => {
  it('accepts the handbook example and every generated valid NIP, with PL prefix, spaces and hyphens', () => {
    expect(normaliseNip('8567346215')).toBe('8567346215');
    expect(normaliseNip('PL 856-734-62-15')).toBe('8567346215');
    fc.assert(fc.property(validNip, (nip) => normaliseNip(nip) === nip && normaliseNip(`PL${nip.slice(0, 3)}-${nip.slice(3)}`) === nip));
  });
  it('rejects every single-digit mutation (weights are all non-zero mod 11)', () => {
    fc.assert(
      fc.property(
        validNip.chain((nip) => fc.tuple(fc.constant(nip), mutateOneDigit(nip))),
        ([, bad]) => normaliseNip(bad) === null,
      ),
    );
  });
  it('rejects wrong lengths and letters', () => {
    for (const s of ['', '856734621', '85673462155', '85673462I5', 'PL', '8567346215x']) expect(normaliseNip(s)).toBeNull();
  });
});

describe('REGON', () => {
  it('accepts the handbook examples and generated valid REGON-9 and REGON-14', () => {
    for (const r of ['123456785', '192598184', '12345678512347']) expect(normaliseRegon(r)).toBe(r);
    fc.assert(fc.property(validRegon9, (r) => normaliseRegon(r) === r));
    fc.assert(fc.property(validRegon14, (r) => normaliseRegon(r) === r));
  });
  it('rejects single-digit mutations except the known collisions (check 10 → 0, and the REGON-14 weight 0)', () => {
    fc.assert(
      fc.property(
        validRegon9.chain((r) => fc.tuple(fc.constant(r), mutateOneDigit(r))),
        ([, bad]) => {
          const d = [...bad].map(Number);
          const raw = sumW(d, [8, 9, 2, 3, 4, 5, 6, 7]) % 11;
          // A mutation can only survive inside the 10 → 0 collision: check digit 0 with (sum mod 11) ∈ {0, 10}.
          return normaliseRegon(bad) === null || (d[8] === 0 && (raw === 0 || raw === 10));
        },
      ),
    );
  });
  it('requires the first nine digits of a REGON-14 to be a valid REGON-9', () => {
    expect(normaliseRegon('12345678412347')).toBeNull();
  });
});

describe('TERYT, postal code, phone, e-mail', () => {
  it('TERYT: even voivodeship 02–32, non-zero powiat and gmina, type digit 1,2,3,4,5,8,9', () => {
    for (const t of ['2661011', '0201011', '3263019', '1465011']) expect(normaliseTeryt(t)).toBe(t);
    for (const t of ['2761011', '3461011', '0061011', '2600011', '2661006', '2661007', '266101', '26610111', 'abcdefg'])
      expect(normaliseTeryt(t)).toBeNull();
  });
  it('postal code NN-NNN only', () => {
    expect(normalisePostalCode('25-516')).toBe('25-516');
    for (const p of ['25516', '25 516', '2-5516', '25-5166']) expect(normalisePostalCode(p)).toBeNull();
  });
  it('phone: 9 digits as typed, normalised to +48', () => {
    fc.assert(
      fc.property(digits(9), fc.constantFrom('', '+48', '0048', '+48 '), fc.constantFrom(' ', '-', ''), (d, prefix, sep) => {
        const typed = `${prefix}${d.slice(0, 3).join('')}${sep}${d.slice(3, 6).join('')}${sep}${d.slice(6).join('')}`;
        return normalisePhone(typed) === `+48${d.join('')}`;
      }),
    );
    for (const p of ['12345678', '1234567890', '+49123456789', 'abc', '']) expect(normalisePhone(p)).toBeNull();
  });
  it('e-mail: RFC 5321 mailbox, IDN domains, ≤ 254 characters', () => {
    expect(normaliseEmail('Jan.Kowalski@Gmina.PL')).toBe('Jan.Kowalski@gmina.pl');
    expect(normaliseEmail('ośrodek@żółć.pl')).toBeNull(); // local part must be ASCII (no SMTPUTF8 guarantee)
    expect(normaliseEmail('biuro@żółć.pl')).toBe('biuro@żółć.pl');
    for (const e of [
      'a@b',
      'a..b@x.pl',
      '.a@x.pl',
      'a@-x.pl',
      'a b@x.pl',
      'a@x.pl\nBcc: b@y.pl',
      `${'a'.repeat(65)}@x.pl`,
      `a@${'x'.repeat(250)}.pl`,
      'a@x.p1',
    ])
      expect(normaliseEmail(e)).toBeNull();
  });
});

describe('password policy (ASVS 5.0 L2)', () => {
  it('accepts long passphrases of any Unicode and refuses short, common, trivial or identity-equal ones', () => {
    expect(passwordProblem('Zielona łąka nad Nidą', 'jan', 'jan@x.pl')).toBeNull();
    expect(passwordProblem('krótkie', 'jan', 'jan@x.pl')).toMatch(/12 znaków/);
    expect(passwordProblem('x'.repeat(129), 'jan', 'jan@x.pl')).toMatch(/128/);
    expect(passwordProblem('jan.kowalski@gmina.pl', 'jk', 'jan.kowalski@gmina.pl')).toMatch(/login ani adres/);
    expect(passwordProblem('JanKowalski12', 'jankowalski12', 'x@y.pl')).toMatch(/login ani adres/);
    for (const p of [
      'qwerty123456',
      'aaaaaaaaaaaa',
      '123456789012',
      'Haslo1234567',
      'qwertyuiopas',
      'password1234',
      'iloveyou',
      'Football',
      'sunshine',
    ])
      expect(isCommonPassword(p)).toBe(true);
  });
  it('counts characters, not UTF-16 units or bytes', () => {
    expect(passwordProblem('ąęśćżźńół😀ąę', 'a', 'a@b.pl')).toBeNull();
  });
});
