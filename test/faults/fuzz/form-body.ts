import fc from 'fast-check';
import { MATRIX_CSRF } from '@cas/testing';
import { leafText } from './nasty.js';
import { schemaArbitrary, type JsonSchema } from './schema-arbitrary.js';
import { encodedNasty, pct } from './url-parts.js';
import type { BodyDraft } from './json-body.js';

const FORM_TYPE = { 'content-type': 'application/x-www-form-urlencoded' };

const formMutation = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), value: encodedNasty }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('nasty' as const), at: fc.nat(), value: encodedNasty }), weight: 4 },
  {
    arbitrary: fc.record({
      kind: fc.constant('extra' as const),
      at: fc.nat(),
      key: fc.constantFrom('__proto__', 'constructor', 'a[b]', '%00', 'x'),
    }),
    weight: 1,
  },
  // Past the 64 kB urlencoded limit and the 300-field limit: 413.
  { arbitrary: fc.record({ kind: fc.constant('huge' as const), at: fc.nat(), size: fc.constantFrom(10_000, 70_000) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('many' as const), at: fc.nat(), count: fc.constantFrom(299, 400) }), weight: 1 },
);

/** How the CSRF token travels: right (cookie and field agree), missing, or wrong. */
const csrfArb = fc.oneof(
  { arbitrary: fc.constant('ok' as const), weight: 8 },
  { arbitrary: fc.constantFrom('missing' as const, 'wrong' as const, 'cookie-only' as const), weight: 1 },
);

/**
 * An HTML form post: the form's fields (plausible values, then hostile ones, repeated names — which the body
 * parser turns into arrays —, too many or too big), the double-submit CSRF token usually right so the handler
 * is reached, and sometimes another content type.
 */
export function formBodyArb(fields: Record<string, JsonSchema>, csrf: boolean): fc.Arbitrary<BodyDraft> {
  const schema: JsonSchema = { type: 'object', properties: fields, required: Object.keys(fields) };
  return fc
    .record({
      values: schemaArbitrary(schema),
      mutations: fc.array(formMutation, { maxLength: 3 }),
      csrf: csrf ? csrfArb : fc.constant('ok' as const),
      type: fc.oneof(
        { arbitrary: fc.constant('form'), weight: 12 },
        { arbitrary: fc.constantFrom('json', 'text', 'none', 'empty'), weight: 1 },
      ),
    })
    .map(({ values, mutations, csrf: how, type }): BodyDraft => {
      let pairs: [string, string][] = Object.entries(values as Record<string, unknown>).map(([k, v]) => [pct(k), pct(leafText(v))]);
      for (const m of mutations) {
        const i = pairs.length ? m.at % pairs.length : 0;
        if (m.kind === 'drop') pairs = pairs.filter((_, j) => j !== i);
        else if (m.kind === 'repeat' && pairs[i]) pairs.push([pairs[i][0], m.value]);
        else if (m.kind === 'nasty' && pairs[i]) pairs[i] = [pairs[i][0], m.value];
        else if (m.kind === 'extra') pairs.push([m.key, 'x']);
        else if (m.kind === 'huge' && pairs[i]) pairs[i] = [pairs[i][0], 'h'.repeat(m.size)];
        else if (m.kind === 'many') for (let n = 0; n < m.count; n++) pairs.push([`f${n}`, String(n)]);
      }
      if (csrf && how !== 'missing' && how !== 'cookie-only') pairs.push(['_csrf', how === 'wrong' ? 'c'.repeat(43) : MATRIX_CSRF]);
      const cookie: Record<string, string> = csrf && how !== 'missing' ? { cookie: `cas_csrf=${MATRIX_CSRF}` } : {};
      const text = pairs.map(([k, v]) => `${k}=${v}`).join('&');
      const label = `form ${type} csrf:${how}${mutations.length ? ` ${mutations.map((m) => m.kind).join('+')}` : ''}`;
      if (type === 'json')
        return { label, headers: { ...cookie, 'content-type': 'application/json' }, body: () => Buffer.from(JSON.stringify(values)) };
      if (type === 'text') return { label, headers: { ...cookie, 'content-type': 'text/plain' }, body: () => Buffer.from(text) };
      if (type === 'none') return { label, headers: cookie };
      if (type === 'empty') return { label, headers: { ...cookie, ...FORM_TYPE }, body: () => Buffer.alloc(0) };
      return { label, headers: { ...cookie, ...FORM_TYPE }, body: () => Buffer.from(text) };
    });
}
