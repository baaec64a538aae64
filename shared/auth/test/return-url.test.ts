import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeReturnPath } from '../src/index.js';

const ORIGIN = 'https://cas.example';
const FALLBACK = '/konto';

/** Where a browser would go: the origin must stay ours, also after one more round of percent-decoding. */
const staysOnOrigin = (path: string): boolean => {
  const layers = [path];
  try {
    layers.push(decodeURIComponent(path));
  } catch {
    return false;
  }
  return layers.every((p) => new URL(p, ORIGIN).origin === ORIGIN);
};

describe('safeReturnPath: explicit cases', () => {
  it.each([
    'https://evil.example',
    'http://evil.example/konto',
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil',
    '\\/evil.example',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    '/%2F%2Fevil.example',
    '/%2f%2fevil.example',
    '/%5cevil.example',
    '/%5Cevil.example',
    '/%252F%252Fevil.example',
    '/konto/%2F%2Fevil.example',
    '/%',
    '/%zz',
    ' /x',
    '/x ',
    '/\t/evil.example',
    '/\n/evil.example',
    '/konto\u0000',
    '/%00',
    '/%0d%0aSet-Cookie:x=1',
    'konto',
    '',
    '/' + 'a'.repeat(512),
  ])('refuses %j', (input) => {
    expect(safeReturnPath(input)).toBe(FALLBACK);
  });

  it.each([
    '/',
    '/konto',
    '/konto?x=1',
    '/parametry-uzytkownika#haslo',
    '/wnioski/2026%2F0001',
    '/szukaj?q=Kielce&strona=2',
    '/' + 'a'.repeat(511),
  ])('accepts %j unchanged', (input) => {
    expect(safeReturnPath(input)).toBe(input);
  });

  it('refuses non-strings and uses the given fallback', () => {
    for (const input of [undefined, null, 42, ['/konto'], { path: '/konto' }, new URL('https://cas.example/konto')]) {
      expect(safeReturnPath(input)).toBe(FALLBACK);
    }
    expect(safeReturnPath('//evil.example', '/')).toBe('/');
    expect(safeReturnPath('/konto', '/')).toBe('/konto');
  });
});

describe('safeReturnPath: properties', () => {
  const hostilePrefix = fc.constantFrom(
    '//',
    '/\\',
    '\\',
    '\\\\',
    'https:',
    'http://',
    'javascript:',
    ' /',
    '\t/',
    '/\t/',
    '/\r\n/',
    '%2f',
    '/%2f%2f',
    '/%2F/',
    '/%5c',
    '/%5C',
    '/%252f%252f',
    '/%25252f%25252f',
    '\u0000/',
    '/\u0000',
    '/\u2028',
  );

  it('refuses every string that starts with a hostile prefix', () => {
    fc.assert(
      fc.property(hostilePrefix, fc.string({ unit: 'binary', maxLength: 40 }), (prefix, rest) => {
        expect(safeReturnPath(prefix + rest)).toBe(FALLBACK);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses any string with a backslash or a control character anywhere', () => {
    const bad = fc.constantFrom('\\', '\u0000', '\u0007', '\t', '\n', '\r', '\u007f', '%5c', '%5C', '%0a', '%00', '%7f', '//', '%2f%2f');
    fc.assert(
      fc.property(fc.stringMatching(/^\/[a-z0-9/?=&#-]{0,20}$/), bad, fc.string({ maxLength: 20 }), (head, inject, tail) => {
        expect(safeReturnPath(head + inject + tail)).toBe(FALLBACK);
      }),
      { numRuns: 500 },
    );
  });

  it('returns either the input or the fallback, and what it returns stays on our origin', () => {
    const anyString = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.string({
        unit: fc.constantFrom('/', '\\', '%', '2', 'f', 'F', '5', 'c', 'C', ':', '.', 'e', '\t', ' ', '?', '#', '@'),
        maxLength: 20,
      }),
      fc.webUrl().map((u) => u.replace(/^https?:/, '')),
      fc.webUrl(),
    );
    fc.assert(
      fc.property(anyString, (input) => {
        const out = safeReturnPath(input);
        expect([input, FALLBACK]).toContain(out);
        expect(staysOnOrigin(out)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts ordinary application paths unchanged', () => {
    const segment = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
    const query = fc.option(fc.stringMatching(/^\?[a-z]{1,6}=[a-z0-9]{0,8}$/), { nil: '' });
    const fragment = fc.option(fc.stringMatching(/^#[a-z-]{1,10}$/), { nil: '' });
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), query, fragment, (segments, q, f) => {
        const path = `/${segments.join('/')}${q}${f}`;
        expect(safeReturnPath(path)).toBe(path);
      }),
    );
  });
});
