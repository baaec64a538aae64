import fc from 'fast-check';

/**
 * Values that have broken web services before: control characters and NUL, bidi overrides, lone surrogates,
 * emoji sequences, combining marks, injection payloads (Mongo operators, HTML, path traversal, CRLF), keys
 * with meaning to JavaScript objects.
 */
export const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '%00',
  '\u0001\u0002\u0003\u001f\u007f',
  '\r\n\r\nX-Injected: 1',
  '\t\n\v\f\r',
  '\u202eevil\u202c',
  '\u200f\u200e\u2066\u2069',
  '\ud800',
  '\udfff\ud800',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  'Z̸̡̛̗͎͓̩͙̳̤̈́̀͆̑̀͐͊a̵̧',
  '\ufeff',
  '\uffff\ufffe',
  'ĄĆĘŁŃÓŚŹŻąćęłńóśźż',
  '𝕬𝖀𝕿𝕳',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2f',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' OR '1'='1",
  '{"$gt":""}',
  '$where',
  '$ne',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '${7*7}{{7*7}}',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e309',
  'true',
  '0x1f',
  '9007199254740993',
  '2026-02-30T25:61:61Z',
  '0000-00-00',
  '-000001-01-01T00:00:00Z',
  '+275760-09-13T00:00:00.001Z',
  'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
];

/** Keys that mean something to JavaScript objects or to MongoDB filters. */
export const NASTY_KEYS = ['__proto__', 'constructor', 'prototype', '$where', '$gt', '$set', 'a.b', '', '\u0000', 'toString', 'valueOf'];

/** JSON number spellings JSON.parse takes but code may not expect (1e309 → Infinity) or that are not JSON at all. */
export const NASTY_NUMBERS = ['NaN', 'Infinity', '-Infinity', '1e309', '-1e309', '-0', '1e-400', '9007199254740993', '0.1e1', '01', '1.'];

export const nastyString = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY_STRINGS), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }), weight: 1 },
);

/** A value the JSON writer below emits verbatim (invalid JSON tokens, duplicate keys). */
export class Raw {
  constructor(readonly text: string) {}
}

/** A string of `size` characters, built only when the request is sent (inputs are generated up front). */
export class Huge {
  constructor(
    readonly size: number,
    readonly unit: string,
  ) {}
  toString(): string {
    return this.unit.repeat(Math.ceil(this.size / this.unit.length)).slice(0, this.size);
  }
  /** The JSON string literal, made once per size and unit (escaping a megabyte each time costs more than sending it). */
  toJson(): string {
    const key = `${this.size}:${this.unit}`;
    let text = HUGE_JSON.get(key);
    if (text === undefined)
      HUGE_JSON.set(
        key,
        (text = `"${JSON.stringify(this.unit)
          .slice(1, -1)
          .repeat(Math.ceil(this.size / this.unit.length))}"`),
      );
    return text;
  }
}
const HUGE_JSON = new Map<string, string>();

/** Sizes around the 64/100 kB body limits, and now and then a megabyte (413 without being read). */
export const hugeString = fc.record({
  size: fc.oneof(
    { arbitrary: fc.constantFrom(5_000, 40_000, 99_000, 150_000), weight: 9 },
    { arbitrary: fc.constant(1_000_000), weight: 1 },
  ),
  unit: fc.constantFrom('x', 'ż', '😀', '\u0000', '%00', 'a b\n'),
});

/** JSON text of a value that may hold Raw tokens and Huge strings. */
export function writeJson(v: unknown): string {
  if (v instanceof Raw) return v.text;
  if (v instanceof Huge) return v.toJson();
  if (Array.isArray(v)) return `[${v.map(writeJson).join(',')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${writeJson(x)}`)
      .join(',')}}`;
  if (typeof v === 'number' && !Number.isFinite(v)) return 'null';
  return JSON.stringify(v) ?? 'null';
}

/** The plain text of a leaf (query values, form fields). */
export const leafText = (v: unknown): string =>
  v instanceof Huge ? v.toString() : v instanceof Raw ? v.text : typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
