import { SERVICE_NAMES, type ServiceName } from '@cas/testing';
import { pageEndpoints } from './pages.js';
import { resolveRef, type JsonSchema } from './schema-arbitrary.js';
import type { Caller, Endpoint, ParamSpec } from './types.js';

interface OpenApiOperation {
  parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  security?: Record<string, unknown>[];
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  security?: Record<string, unknown>[];
}

/** Query parameters routes read that their OpenAPI entry does not list (found in the route sources). */
const UNDECLARED_QUERY: Record<string, string[]> = {
  'registration GET /api/v1/admin/users': ['login'],
  'registration GET /api/v1/audit': ['before'],
};

/**
 * Who gets past an operation's guard, from its security scheme and, for registration's single session
 * scheme, from the route: admin APIs take an administrator with the second factor, logout a session of its
 * own (it ends it), the rest a unit user.
 */
function callersOf(service: ServiceName, path: string, schemes: string[]): Caller[] {
  if (schemes.includes('mailroomKey')) return ['mailroom'];
  if (schemes.includes('adminSession')) return ['central', 'central-bearer', 'admin26'];
  if (schemes.length === 0) return [];
  if (service !== 'registration') return ['central', 'admin26', 'central-bearer'];
  if (path === '/api/v1/auth/logout') return ['throwaway'];
  if (path.startsWith('/api/v1/admin/voivodeship-admins')) return ['central'];
  if (/^\/api\/v1\/(admin|audit|auth\/totp|auth\/second-factor)/.test(path)) return ['central', 'admin26'];
  return ['user'];
}

/** Every operation of a service's OpenAPI document as a fuzz target, with its parameters and body. */
export function apiEndpoints(service: ServiceName, doc: OpenApiDocument): Endpoint[] {
  const out: Endpoint[] = [];
  for (const [path, methods] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(methods)) {
      const params: ParamSpec[] = (op.parameters ?? []).flatMap((p) =>
        p.in === 'path' || p.in === 'query' || p.in === 'header'
          ? [{ name: p.name, in: p.in, required: !!p.required, schema: resolveRef(doc, p.schema) ?? {} }]
          : [],
      );
      const name = `${service} ${method.toUpperCase()} ${path}`;
      for (const extra of UNDECLARED_QUERY[name] ?? [])
        params.push({ name: extra, in: 'query', required: false, schema: { type: 'string' } });
      const content = op.requestBody?.content ?? {};
      const json = content['application/json']?.schema;
      const multipart = content['multipart/form-data']?.schema;
      const schemes = (op.security ?? doc.security ?? []).flatMap((s) => Object.keys(s));
      out.push({
        service,
        method: method.toUpperCase(),
        path,
        kind: path.startsWith('/api/') ? 'api' : 'infra',
        params,
        body: json
          ? { type: 'json', schema: resolveRef(doc, json) ?? {}, required: !!op.requestBody?.required }
          : multipart
            ? { type: 'multipart', schema: resolveRef(doc, multipart) ?? {} }
            : null,
        callers: callersOf(service, path, schemes),
      });
    }
  return out;
}

/** Health, readiness, metrics and the OpenAPI document itself, on every service. */
const infraEndpoints = (service: ServiceName): Endpoint[] =>
  ['/healthz', '/readyz', '/metrics', '/api/v1/openapi.json'].map((path) => ({
    service,
    method: 'GET',
    path,
    kind: path.startsWith('/api/') ? 'api' : 'infra',
    params: [],
    body: null,
    callers: [],
  }));

/** Every endpoint of every service: OpenAPI operations, pages, infrastructure routes. */
export async function allEndpoints(baseUrl: (s: ServiceName) => string): Promise<Endpoint[]> {
  const out: Endpoint[] = [];
  for (const service of SERVICE_NAMES) {
    const res = await fetch(`${baseUrl(service)}/api/v1/openapi.json`);
    if (!res.ok) throw new Error(`${service} OpenAPI document: ${res.status}`);
    out.push(...apiEndpoints(service, (await res.json()) as OpenApiDocument), ...infraEndpoints(service));
  }
  return [...out, ...pageEndpoints()];
}
