import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, SERVICE_NAMES, type ServiceName, type System } from '@cas/testing';
import type { Endpoint } from './policy.js';

/** `GET /a/{id}` and `GET /a/:id` are the same route. */
const key = (service: string, method: string, path: string) =>
  `${service} ${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, ':p').replace(/:[A-Za-z]\w*/g, ':p')}`;

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** `router.get('/path'` and the like: every route a service's source declares (the pages are in no document). */
const ROUTE = /\.(get|post|put|patch|delete)\(\s*'(\/[^']*)'/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(join(dir, d.name)) : d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [join(dir, d.name)] : [],
  );
}

function declaredRoutes(files: string[]): { method: string; path: string }[] {
  return files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(ROUTE)].map((m) => ({ method: m[1]!, path: m[2]! })));
}

/**
 * The routes the policy table does not cover, and the table's rows no service has: every operation of each
 * service's OpenAPI document, every route its source declares, and the platform's routes (@cas/http) in every
 * service. A new endpoint without a row fails the suite instead of slipping past the matrix.
 */
export async function coverageGaps(sys: System, endpoints: Endpoint[]): Promise<{ uncovered: string[]; unknown: string[] }> {
  const known = new Set<string>();
  const platform = declaredRoutes([join(repoRoot(), 'shared/http/src/create-http-app.ts')]);
  for (const service of SERVICE_NAMES as readonly ServiceName[]) {
    const doc = (await (await fetch(`${sys.service(service).baseUrl}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    for (const [path, ops] of Object.entries(doc.paths))
      for (const method of Object.keys(ops).filter((m) => HTTP_METHODS.has(m))) known.add(key(service, method, path));
    for (const r of [...declaredRoutes(sourceFiles(join(repoRoot(), 'services', service, 'src'))), ...platform])
      known.add(key(service, r.method, r.path));
  }
  const covered = new Set(endpoints.map((e) => key(e.service, e.method, e.route)));
  return {
    uncovered: [...known].filter((k) => !covered.has(k)).sort(),
    unknown: [...covered].filter((k) => !known.has(k)).sort(),
  };
}
