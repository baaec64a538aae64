import fc from 'fast-check';
import { MATRIX_CSRF } from '@cas/testing';
import { BROKEN_BODIES, type BodyDraft } from './json-body.js';
import { MULTIPART_ODDITIES, multipartArb } from './multipart-body.js';
import { schemaArbitrary } from './schema-arbitrary.js';
import { writeJson } from './nasty.js';
import type { Endpoint, FuzzRequest } from './types.js';
import { fillPath, pathParamNames, RAW_ENCODED } from './url-parts.js';

const b64 = (s: string) => Buffer.from(s).toString('base64url');

/** Page cursors that decode to something odd: dates at and past the ends of the range, missing parts. */
const CURSORS = [
  'garbage',
  '!!!',
  b64('|'),
  b64('x|'),
  b64('|id'),
  b64('+275760-09-13T00:00:00.000Z|id'),
  b64('-271821-04-20T00:00:00.000Z|id'),
  b64('+275760-09-14T00:00:00.000Z|id'),
  b64('1|__proto__'),
  b64(`2026-01-01T00:00:00.000Z|${'i'.repeat(500)}`),
  b64('2026-01-01T00:00:00.000Z|{"$gt":""}'),
  'A'.repeat(300),
];

const QUERY_ODDITIES = [
  '?__proto__[isAdmin]=1',
  '?constructor[prototype][isAdmin]=1',
  '?a=1&a=2&a=3',
  '?limit=NaN',
  '?limit=1e309',
  '?limit=-0',
  '?limit=0x10',
  '?limit=99999999999999999999',
  '?limit=1&limit=2',
  '?format=csv&format=json',
  '?voivodeship=26&voivodeship=14',
  '?status[]=x',
  '?&&&=&=',
  '?%zz=%zz',
  `?${'k'.repeat(12_000)}`,
  '?cursor=garbage',
];

const JSON_ODDITIES: BodyDraft[] = [
  ...BROKEN_BODIES,
  ...[
    '{"__proto__":{"isAdmin":true}}',
    '{"constructor":{"prototype":{"isAdmin":true}}}',
    '{"$where":"sleep(10000)"}',
    '{"a":{"$gt":""}}',
  ].map((text) => ({ label: `corpus ${text}`, headers: { 'content-type': 'application/json' }, body: () => Buffer.from(text) })),
];

/**
 * The curated corpus for one endpoint, next to the generated inputs: each path parameter replaced by every
 * hostile segment, every query oddity (repeated and bracketed parameters, bad cursors, number spellings), every
 * broken body, each required field dropped in turn, other methods; forms without, with a wrong and with a
 * right CSRF token; for the upload, hand-made broken framings. Each entry goes anonymously and as one of the
 * endpoint's authorized callers in turn.
 */
export function corpus(e: Endpoint, seed: number, scanMaxFileBytes: number): FuzzRequest[] {
  const names = pathParamNames(e.path);
  const base = fillPath(e.path, Object.fromEntries(names.map((n) => [n, n === 'number' ? '26-2026-000001' : 'x'])));
  const out: FuzzRequest[] = [];
  const add = (label: string, target: string, draft: BodyDraft = { headers: {}, label: '' }, method = e.method) =>
    out.push({ method, target, headers: draft.headers, ...(draft.body ? { body: draft.body } : {}), label: `corpus: ${label}` });

  for (const n of names)
    for (const seg of [...RAW_ENCODED, 'x'.repeat(5_000), 'x'.repeat(20_000)])
      add(`path ${n}=${seg.slice(0, 20)}`, fillPath(e.path, Object.fromEntries(names.map((m) => [m, m === n ? seg : 'x']))));
  for (const q of QUERY_ODDITIES) add(`query ${q.slice(0, 40)}`, base + q);
  // Each declared query parameter repeated and with a NUL; the page cursors of the lists get every odd cursor.
  for (const p of e.params.filter((p) => p.in === 'query')) {
    add(`query ${p.name} twice`, `${base}?${p.name}=1&${p.name}=2`);
    add(`query ${p.name} NUL`, `${base}?${p.name}=%00`);
    if (p.name === 'after' || p.name === 'before') for (const c of CURSORS) add(`cursor ${c.slice(0, 30)}`, `${base}?${p.name}=${c}`);
  }
  for (const m of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'].filter((m) => m !== e.method))
    add(`method ${m}`, base, undefined, m);

  const b = e.body;
  if (b?.type === 'json' || (!b && e.method !== 'GET')) for (const d of JSON_ODDITIES) add(d.label, base, d);
  if (b?.type === 'json') {
    const valid = fc.sample(schemaArbitrary(b.schema), { seed, numRuns: 1 })[0] as Record<string, unknown>;
    for (const key of b.schema.required ?? []) {
      const { [key]: _dropped, ...rest } = valid ?? {};
      add(`without ${key}`, base, { label: '', headers: { 'content-type': 'application/json' }, body: () => Buffer.from(writeJson(rest)) });
    }
  }
  if (b?.type === 'multipart')
    for (const d of [...MULTIPART_ODDITIES, ...fc.sample(multipartArb(b.schema, scanMaxFileBytes), { seed, numRuns: 30 })])
      add(d.label, base, d);
  if (b?.type === 'form') {
    const form = (fields: string, cookie: boolean): BodyDraft => ({
      label: '',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie: `cas_csrf=${MATRIX_CSRF}` } : {}) },
      body: () => Buffer.from(fields),
    });
    add('form without csrf', base, form('a=1', false));
    add('form wrong csrf', base, form(`_csrf=${'c'.repeat(43)}`, true));
    add('form csrf only', base, form(`_csrf=${MATRIX_CSRF}`, true));
    add('form repeated csrf', base, form(`_csrf=${MATRIX_CSRF}&_csrf=${MATRIX_CSRF}`, true));
    add('form proto', base, form(`_csrf=${MATRIX_CSRF}&__proto__=x&constructor=y&${Object.keys(b.fields).join('=%00&')}=%00`, true));
    add(
      'form every field repeated',
      base,
      form(
        `_csrf=${MATRIX_CSRF}&${Object.keys(b.fields)
          .flatMap((k) => [`${k}=a`, `${k}=b`])
          .join('&')}`,
        true,
      ),
    );
    add('form 400 fields', base, form(`_csrf=${MATRIX_CSRF}&${Array.from({ length: 400 }, (_, i) => `f${i}=1`).join('&')}`, true));
    add('form 70 kB', base, form(`_csrf=${MATRIX_CSRF}&x=${'h'.repeat(70_000)}`, true));
  }
  return out;
}
