import fc from 'fast-check';
import { leafText, NASTY_KEYS, nastyString } from './nasty.js';
import { schemaArbitrary, type JsonSchema } from './schema-arbitrary.js';
import type { ParamSpec } from './types.js';

/**
 * Percent-encoding of the UTF-8 bytes (encodeURIComponent throws on lone surrogates; Buffer writes U+FFFD for
 * them, which is what a browser would send).
 */
export function pct(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8'))
    out += /[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

/** Already-encoded oddities: NUL, broken escapes, overlong UTF-8, encoded traversal and CRLF. */
export const RAW_ENCODED = [
  '%00',
  '%zz',
  '%',
  '%f',
  '%ff%fe',
  '%c0%af',
  '%ed%a0%80',
  '%2e%2e',
  '%2e',
  '.',
  '..',
  '..%2f..%2f..%2fetc%2fpasswd',
  '%252e%252e',
  '%0d%0aSet-Cookie:%20x=1',
  '%u0000',
  '%E2%80%AE',
  '__proto__',
  'constructor',
  '%24where',
  '*',
];

export const encodedNasty = fc.oneof(
  { arbitrary: fc.constantFrom(...RAW_ENCODED), weight: 2 },
  { arbitrary: nastyString.map(pct), weight: 2 },
  // Very long values: up to the 16 kB Node allows for the request line and headers, and over it (431).
  { arbitrary: fc.constantFrom(300, 5_000, 12_000, 20_000).map((n) => 'x'.repeat(n)), weight: 1 },
);

/** A plausible value for a path parameter, by its name (numbers in URL form, area codes, ids). */
export function pathValueArb(name: string, schema?: JsonSchema): fc.Arbitrary<string> {
  if (name === 'number') return fc.stringMatching(/^\d{2}-\d{4}-\d{6}$/);
  if (name === 'code') return fc.constantFrom('PS', 'WRiSPZ', 'SR', 'FA', 'KDR', 'OP-3', 'ps', 'XX');
  return fc.oneof(
    fc.uuid().map(String),
    fc.stringMatching(/^[A-Za-z0-9-]{1,40}$/),
    schema ? schemaArbitrary(schema).map(leafText) : fc.constant('x'),
  );
}

/** A path parameter: mostly plausible, sometimes hostile. */
export const pathParamArb = (name: string, schema?: JsonSchema) =>
  fc.oneof({ arbitrary: pathValueArb(name, schema).map(pct), weight: 5 }, { arbitrary: encodedNasty, weight: 2 });

/** A query parameter; a null value is written bare (`?a`), an empty one as `?a=`. */
type Pair = [string, string | null];

/** Changes to a query string: missing, repeated (`?a=1&a=2`), hostile and unknown parameters, bracket syntax. */
const queryMutation = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), value: encodedNasty }),
  fc.record({ kind: fc.constant('nasty' as const), at: fc.nat(), value: encodedNasty }),
  fc.record({
    kind: fc.constant('extra' as const),
    at: fc.nat(),
    key: fc.oneof(
      fc.constantFrom(...NASTY_KEYS.map(pct), 'cursor', 'after', 'limit', 'a[b]', '__proto__[x]', 'constructor[prototype][x]', 'q[]'),
      encodedNasty,
    ),
    value: fc.oneof(encodedNasty, fc.constant('')),
  }),
  fc.record({ kind: fc.constant('bare' as const), at: fc.nat() }),
);

/** The query string for `params` (the ones `in: query`), with 0–3 mutations. */
export function queryArb(params: ParamSpec[]): fc.Arbitrary<string> {
  const query = params.filter((p) => p.in === 'query');
  const values = query.map((p) =>
    fc.option(
      schemaArbitrary(p.schema).map((v) => pct(leafText(v))),
      { nil: undefined, freq: p.required ? 20 : 2 },
    ),
  );
  return fc.tuple(fc.tuple(...values), fc.array(queryMutation, { maxLength: 3 })).map(([vals, mutations]) => {
    let pairs: Pair[] = query.flatMap((p, i) => (vals[i] === undefined ? [] : [[pct(p.name), vals[i]] as Pair]));
    for (const m of mutations) {
      const i = pairs.length ? m.at % pairs.length : 0;
      if (m.kind === 'drop') pairs = pairs.filter((_, j) => j !== i);
      else if (m.kind === 'repeat' && pairs[i]) pairs.push([pairs[i][0], m.value]);
      else if (m.kind === 'nasty' && pairs[i]) pairs[i] = [pairs[i][0], m.value];
      else if (m.kind === 'extra') pairs.push([m.key, m.value]);
      else if (m.kind === 'bare' && pairs[i]) pairs[i] = [pairs[i][0], null];
    }
    const text = pairs.map(([k, v]) => (v === null ? k : `${k}=${v}`)).join('&');
    return text ? `?${text}` : '';
  });
}

/** Fills `{name}` in a route with raw (already encoded) values. */
export const fillPath = (route: string, values: Record<string, string>) => route.replace(/\{(\w+)\}/g, (_, n: string) => values[n] ?? 'x');

export const pathParamNames = (route: string) => [...route.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
