import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { applyMutation, clone, mutationArb } from './mutate.js';
import { writeJson } from './nasty.js';
import { anyJson, schemaArbitrary, type JsonSchema } from './schema-arbitrary.js';

/** A request body and the headers that describe it. */
export interface BodyDraft {
  headers: Record<string, string>;
  body?: () => Buffer;
  label: string;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const utf8 = (s: string) => () => Buffer.from(s, 'utf8');

/** Bodies that are not the JSON they claim to be, or not JSON at all, or JSON dressed as something else. */
const BROKEN: [string, Record<string, string>, () => Buffer][] = [
  ['empty', JSON_TYPE, utf8('')],
  ['truncated', JSON_TYPE, utf8('{"a":')],
  ['open brace', JSON_TYPE, utf8('{')],
  ['trailing comma', JSON_TYPE, utf8('{"a":1,}')],
  ['single quotes', JSON_TYPE, utf8("{'a':1}")],
  ['two documents', JSON_TYPE, utf8('{"a":1}{"b":2}')],
  ['bom', JSON_TYPE, utf8('\ufeff{}')],
  ['top-level string', JSON_TYPE, utf8('"x"')],
  ['top-level number', JSON_TYPE, utf8('123')],
  ['top-level null', JSON_TYPE, utf8('null')],
  ['top-level true', JSON_TYPE, utf8('true')],
  ['empty array', JSON_TYPE, utf8('[]')],
  ['empty object', JSON_TYPE, utf8('{}')],
  ['NaN literal', JSON_TYPE, utf8('{"a":NaN}')],
  ['comment', JSON_TYPE, utf8('{/* */"a":1}')],
  ['invalid utf-8', JSON_TYPE, () => Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0xaf, 0x22, 0x7d])],
  ['utf-16', { 'content-type': 'application/json; charset=utf-16' }, () => Buffer.from('{"a":1}', 'utf16le')],
  ['latin1 charset', { 'content-type': 'application/json; charset=latin1' }, utf8('{}')],
  ['bad charset quoting', { 'content-type': 'application/json; charset="utf-8' }, utf8('{}')],
  ['+json type', { 'content-type': 'application/merge-patch+json' }, utf8('{}')],
  ['upper-case type', { 'content-type': 'APPLICATION/JSON' }, utf8('{}')],
  ['text/plain', { 'content-type': 'text/plain' }, utf8('{}')],
  ['form type', { 'content-type': 'application/x-www-form-urlencoded' }, utf8('a=1&a=2&__proto__[x]=1')],
  ['multipart no boundary', { 'content-type': 'multipart/form-data' }, utf8('--x\r\n')],
  [
    'xml',
    { 'content-type': 'application/xml' },
    utf8('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>'),
  ],
  ['garbage type', { 'content-type': 'a/b/c; ;; =' }, utf8('{}')],
  ['no type', {}, utf8('{"a":1}')],
  ['gzip', { ...JSON_TYPE, 'content-encoding': 'gzip' }, () => gzipSync('{"a":1}')],
  ['gzip bomb', { ...JSON_TYPE, 'content-encoding': 'gzip' }, () => gzipSync(Buffer.from(`{"a":"${'0'.repeat(5_000_000)}"}`))],
  ['broken gzip', { ...JSON_TYPE, 'content-encoding': 'gzip' }, () => Buffer.from('not gzip at all')],
  ['deflate garbage', { ...JSON_TYPE, 'content-encoding': 'deflate' }, () => Buffer.from([0x78, 0x9c, 0xff, 0xff])],
  ['unknown encoding', { ...JSON_TYPE, 'content-encoding': 'x-unknown' }, utf8('{}')],
  ['over the limit', JSON_TYPE, () => Buffer.from(`{"a":"${'x'.repeat(200_000)}"}`)],
  ['deep arrays', JSON_TYPE, utf8(`${'['.repeat(40_000)}${']'.repeat(40_000)}`)],
  ['deep objects', JSON_TYPE, utf8(`${'{"a":'.repeat(15_000)}1${'}'.repeat(15_000)}`)],
];

/** Built once: the bomb takes a moment to compress. */
const once = (make: () => Buffer) => {
  let made: Buffer | undefined;
  return () => (made ??= make());
};

export const BROKEN_BODIES: BodyDraft[] = BROKEN.map(([label, headers, body]) => ({ label: `body: ${label}`, headers, body: once(body) }));

/**
 * A JSON body for `schema` (or for an endpoint that takes none): plausible values, values with 1–3 mutations,
 * or a broken body. Weighted so most inputs are well-formed JSON that tests the validation rules.
 */
export function jsonBodyArb(schema: JsonSchema | null): fc.Arbitrary<BodyDraft> {
  const plausible = schema ? schemaArbitrary(schema) : fc.oneof(fc.constant(undefined), anyJson);
  const asDraft = (value: unknown, label: string): BodyDraft =>
    value === undefined ? { headers: {}, label } : { headers: JSON_TYPE, body: utf8(writeJson(value)), label };
  return fc.oneof(
    { arbitrary: plausible.map((v) => asDraft(v, 'plausible')), weight: 2 },
    {
      arbitrary: fc.tuple(plausible, fc.array(mutationArb, { minLength: 1, maxLength: 3 })).map(([v, ms]) =>
        asDraft(
          ms.reduce<unknown>((acc, m) => applyMutation(acc, m), clone(v) ?? {}),
          ms.map((m) => m.kind).join('+'),
        ),
      ),
      weight: 8,
    },
    { arbitrary: fc.constantFrom(...BROKEN_BODIES), weight: 2 },
  );
}
