import fc from 'fast-check';
import { formBodyArb } from './form-body.js';
import { headerMutationArb } from './headers.js';
import { jsonBodyArb, type BodyDraft } from './json-body.js';
import { multipartArb } from './multipart-body.js';
import type { Endpoint, FuzzRequest } from './types.js';
import { fillPath, pathParamArb, pathParamNames, queryArb } from './url-parts.js';

/** Limits the system under test runs with (the fuzz test sets them), so over-limit inputs can be aimed. */
export interface FuzzLimits {
  scanMaxFileBytes: number;
}

const OTHER_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE'];

function bodyArb(e: Endpoint, limits: FuzzLimits): fc.Arbitrary<BodyDraft> {
  const b = e.body;
  if (b?.type === 'multipart') return multipartArb(b.schema, limits.scanMaxFileBytes);
  if (b?.type === 'form') return formBodyArb(b.fields, b.csrf);
  if (b?.type === 'json') return jsonBodyArb(b.schema);
  // No body declared: GETs mostly go without one; POSTs get stray JSON (the routes must not care).
  return e.method === 'GET'
    ? fc.oneof({ arbitrary: fc.constant({ headers: {}, label: 'no body' }), weight: 9 }, { arbitrary: jsonBodyArb(null), weight: 1 })
    : jsonBodyArb(null);
}

/**
 * Every generated request for an endpoint: its method (now and then another one), path parameters, query,
 * a hostile header now and then, and a body of the kind the endpoint takes.
 */
export function requestArb(e: Endpoint, limits: FuzzLimits): fc.Arbitrary<FuzzRequest> {
  const names = pathParamNames(e.path);
  const pathArb = fc.tuple(...names.map((n) => pathParamArb(n, e.params.find((p) => p.in === 'path' && p.name === n)?.schema)));
  return fc
    .record({
      method: fc.oneof({ arbitrary: fc.constant(e.method), weight: 30 }, { arbitrary: fc.constantFrom(...OTHER_METHODS), weight: 1 }),
      path: pathArb,
      query: queryArb(e.params),
      header: fc.option(headerMutationArb, { freq: 6, nil: undefined }),
      body: bodyArb(e, limits),
    })
    .map(({ method, path, query, header, body }) => {
      const target = fillPath(e.path, Object.fromEntries(names.map((n, i) => [n, path[i]!]))) + query;
      const label = [method === e.method ? '' : `method ${method}`, body.label, header ? `header ${Object.keys(header).join(',')}` : '']
        .filter(Boolean)
        .join(' · ');
      return {
        method,
        target,
        headers: {
          ...body.headers,
          ...header,
          ...(body.headers.cookie && header?.cookie ? { cookie: `${body.headers.cookie}; ${header.cookie}` } : {}),
        },
        ...(body.body && method !== 'HEAD' ? { body: body.body } : {}),
        label,
      };
    });
}

/** `n` requests for `e`, the same for the same seed. */
export function generate(e: Endpoint, n: number, seed: number, limits: FuzzLimits): FuzzRequest[] {
  return fc.sample(requestArb(e, limits), { seed, numRuns: n });
}
