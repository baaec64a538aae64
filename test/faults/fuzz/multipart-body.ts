import fc from 'fast-check';
import { leafText, nastyString, NASTY_KEYS } from './nasty.js';
import { schemaArbitrary, type JsonSchema } from './schema-arbitrary.js';
import type { BodyDraft } from './json-body.js';

/** File contents: random bytes, each allowed type's magic number in front of garbage, empty, over the size limit. */
const MAGIC = ['%PDF-1.7\n', '\xff\xd8\xff\xe0', '\x89PNG\r\n\x1a\n', 'II*\x00', 'MM\x00*', 'PK\x03\x04', 'GIF89a', '<svg'];

export interface FilePart {
  name: string;
  filename: string;
  type: string;
  bytes: () => Buffer;
}

const fileArb = (overLimitBytes: number): fc.Arbitrary<FilePart> =>
  fc.record({
    name: fc.oneof(
      { arbitrary: fc.constant('file'), weight: 9 },
      { arbitrary: fc.constantFrom('files', 'File', '__proto__', ''), weight: 1 },
    ),
    filename: fc.oneof(
      fc.constantFrom(
        'skan.pdf',
        'skan.jpg',
        'a.zip',
        '',
        '../../../etc/passwd',
        'C:\\boot.ini',
        'a\u0000.pdf',
        '😀.pdf',
        'x'.repeat(1_000),
      ),
      nastyString,
    ),
    type: fc.constantFrom('application/pdf', 'image/jpeg', 'image/png', 'image/tiff', 'application/zip', 'text/html', '', 'a/b/c'),
    bytes: fc.oneof(
      { arbitrary: fc.uint8Array({ maxLength: 2_000 }).map((b) => () => Buffer.from(b)), weight: 3 },
      {
        arbitrary: fc.tuple(fc.constantFrom(...MAGIC), fc.uint8Array({ maxLength: 3_000 })).map(
          ([m, b]) =>
            () =>
              Buffer.concat([Buffer.from(m, 'latin1'), Buffer.from(b)]),
        ),
        weight: 4,
      },
      { arbitrary: fc.constant(() => Buffer.alloc(0)), weight: 1 },
      { arbitrary: fc.constant(() => Buffer.alloc(overLimitBytes + 1, 0x25)), weight: 1 },
    ),
  });

/** Structural damage to the multipart text itself. */
const FRAMING = [
  'ok',
  'ok',
  'ok',
  'ok',
  'ok',
  'no-end',
  'wrong-boundary',
  'no-boundary-param',
  'lf-only',
  'no-disposition',
  'garbage',
] as const;

/**
 * A mailroom upload: the text fields from the OpenAPI schema (plausible, then hostile: too long, unknown,
 * repeated, prototype keys), 0–3 files (sometimes 11: over the count limit), and now and then broken framing.
 */
export function multipartArb(schema: JsonSchema, overLimitBytes: number): fc.Arbitrary<BodyDraft> {
  const fieldArb = schemaArbitrary({ ...schema, properties: { ...schema.properties }, required: schema.required ?? [] });
  const fieldMutation = fc.oneof(
    fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('nasty' as const), at: fc.nat(), value: nastyString }),
    fc.record({
      kind: fc.constant('long' as const),
      at: fc.nat(),
      value: fc.constantFrom(1_001, 20_001, 60_000).map((n) => 'y'.repeat(n)),
    }),
    fc.record({ kind: fc.constant('unknown' as const), at: fc.nat(), value: fc.constantFrom(...NASTY_KEYS, 'file[]', 'extra') }),
    fc.record({ kind: fc.constant('repeat' as const), at: fc.nat() }),
  );
  return fc
    .record({
      fields: fieldArb,
      mutations: fc.array(fieldMutation, { maxLength: 2 }),
      files: fc.oneof(
        { arbitrary: fc.array(fileArb(overLimitBytes), { maxLength: 3 }), weight: 12 },
        { arbitrary: fc.array(fileArb(overLimitBytes), { minLength: 11, maxLength: 11 }), weight: 1 },
      ),
      framing: fc.constantFrom(...FRAMING),
      boundary: fc.constantFrom('fuzzBoundary123', '----x', 'a'.repeat(70), '"quoted"'),
    })
    .map(({ fields, mutations, files, framing, boundary }) => {
      let parts: [string, string][] = Object.entries(fields as Record<string, unknown>).map(([k, v]) => [k, leafText(v)]);
      for (const m of mutations) {
        const i = parts.length ? m.at % parts.length : 0;
        if (m.kind === 'drop') parts = parts.filter((_, j) => j !== i);
        else if ((m.kind === 'nasty' || m.kind === 'long') && parts[i]) parts[i] = [parts[i][0], m.value];
        else if (m.kind === 'unknown') parts.push([m.value, 'x']);
        else if (m.kind === 'repeat' && parts[i]) parts.push(parts[i]);
      }
      const label = `multipart ${framing} ${files.length} file(s)${mutations.length ? ` ${mutations.map((m) => m.kind).join('+')}` : ''}`;
      return { label, ...frame(parts, files, framing, boundary.replace(/"/g, '')) };
    });
}

function frame(fields: [string, string][], files: FilePart[], framing: (typeof FRAMING)[number], boundary: string) {
  const eol = framing === 'lf-only' ? '\n' : '\r\n';
  const contentType =
    framing === 'no-boundary-param'
      ? 'multipart/form-data'
      : `multipart/form-data; boundary=${framing === 'wrong-boundary' ? 'other' : boundary === '----x' ? boundary : `"${boundary}"`}`;
  const body = () => {
    if (framing === 'garbage') return Buffer.from(`--${boundary}${eol}\u0000\u0001 garbage ${eol}--`);
    const chunks: Buffer[] = [];
    const disposition = (name: string, filename?: string) =>
      framing === 'no-disposition'
        ? ''
        : `Content-Disposition: form-data; name="${name}"${filename === undefined ? '' : `; filename="${filename}"`}${eol}`;
    for (const [name, value] of fields) chunks.push(Buffer.from(`--${boundary}${eol}${disposition(name)}${eol}${value}${eol}`));
    for (const f of files) {
      chunks.push(Buffer.from(`--${boundary}${eol}${disposition(f.name, f.filename)}Content-Type: ${f.type}${eol}${eol}`));
      chunks.push(f.bytes(), Buffer.from(eol));
    }
    if (framing !== 'no-end') chunks.push(Buffer.from(`--${boundary}--${eol}`));
    return Buffer.concat(chunks);
  };
  return { headers: { 'content-type': contentType }, body };
}

const part = (headers: string, body: string) => `--b\r\n${headers}\r\n\r\n${body}\r\n`;
const FILE_HEAD = 'Content-Disposition: form-data; name="file"; filename="skan.pdf"\r\nContent-Type: application/pdf';
const CHANNEL = part('Content-Disposition: form-data; name="channel"', 'epuap');

/**
 * Hand-made framings the generator reaches only by luck: the upload cut off inside a file part (busboy fails
 * the part's stream as well as the form), inside part headers, right after the first boundary; headers with no
 * blank line; RFC 5987 file names; a nested multipart/mixed; preamble and epilogue; CRLF in a field name.
 */
export const MULTIPART_ODDITIES: BodyDraft[] = [
  ['cut inside a file', `${CHANNEL}--b\r\n${FILE_HEAD}\r\n\r\n%PDF-1.7 trunc`],
  ['cut after a file, no closing boundary', `${CHANNEL}${part(FILE_HEAD, '%PDF-1.7')}`],
  ['cut inside part headers', `${CHANNEL}--b\r\nContent-Disposition: form-data; name="fi`],
  ['only the first boundary', '--b\r\n'],
  ['headers without a blank line', `--b\r\n${FILE_HEAD}\r\n--b--\r\n`],
  [
    'rfc 5987 file name',
    `${CHANNEL}${part(`Content-Disposition: form-data; name="file"; filename*=UTF-8''%E2%80%AE%00.pdf`, 'x')}--b--\r\n`,
  ],
  [
    'nested multipart/mixed',
    `${CHANNEL}${part('Content-Disposition: form-data; name="file"\r\nContent-Type: multipart/mixed; boundary=c', '--c\r\n\r\nx\r\n--c--')}--b--\r\n`,
  ],
  ['preamble and epilogue', `garbage before\r\n${CHANNEL}${part(FILE_HEAD, 'x')}--b--\r\ngarbage after`],
  ['crlf in a field name', `${part('Content-Disposition: form-data; name="chan\r\nnel"', 'epuap')}--b--\r\n`],
  ['empty body', ''],
].map(([label, text]) => ({
  label: `multipart ${label}`,
  headers: { 'content-type': 'multipart/form-data; boundary=b' },
  body: () => Buffer.from(text!, 'latin1'),
}));
