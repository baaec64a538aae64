import type { ServiceName } from '@cas/testing';
import type { JsonSchema } from './schema-arbitrary.js';
import type { Caller, Endpoint, ParamSpec } from './types.js';

/**
 * A page route (no OpenAPI document describes them): the query parameters and form fields its handler reads
 * (from the route sources) and the callers that get past its guard.
 */
export interface PageSpec {
  service: ServiceName;
  method: 'GET' | 'POST';
  path: string;
  callers: Caller[];
  query?: Record<string, JsonSchema>;
  form?: Record<string, JsonSchema>;
}

/** A string field, optionally with the pattern plausible values follow. */
export const s = (maxLength = 60, pattern?: string): JsonSchema => ({ type: 'string', maxLength, ...(pattern ? { pattern } : {}) });
export const e = (...values: string[]): JsonSchema => ({ enum: values });
export const DAY = s(10, '^\\d{4}-\\d{2}-\\d{2}$');
export const CURSOR = s(60, '^[A-Za-z0-9_-]{1,60}$');

const q = (names: Record<string, JsonSchema>): ParamSpec[] =>
  Object.entries(names).map(([name, schema]) => ({ name, in: 'query', required: false, schema }));

/** Every form is guarded by the double-submit CSRF token. */
export const pageEndpoint = (p: PageSpec): Endpoint => ({
  service: p.service,
  method: p.method,
  path: p.path,
  kind: 'page',
  params: q(p.query ?? {}),
  body: p.form ? { type: 'form', fields: p.form, csrf: true } : null,
  callers: p.callers,
});
