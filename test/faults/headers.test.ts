import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { repoRoot, roleClient, SERVICE_NAMES, startSystem, type ServiceName, type System } from '@cas/testing';
import { printTable } from './invariants.js';

/**
 * Issue #8 step 7: a crawler over every route of every service (its OpenAPI paths, its pages, its static files,
 * health, an unknown path, a wrong method), anonymous and as an administrator, checking the ASVS headers of
 * DESIGN §7 on every answer, errors included.
 */
let sys: System;
let mongo: MongoClient;
let nc: NatsConnection;

const PAGES: Record<ServiceName, string[]> = {
  registration: ['/', '/rejestracja', '/status', '/logowanie', '/przypomnij-haslo', '/pomoc', '/parametry-uzytkownika', '/konto', '/admin'],
  'document-intake': [],
  approval: [
    '/',
    '/wnioski/x',
    '/skany-niedopasowane',
    '/skany-niedopasowane/x',
    '/uprawnienia',
    '/uprawnienia/x',
    '/audyt',
    '/nieudane-emaile',
    '/szablony-e-maili',
    '/skany/x',
  ],
  notification: ['/szablony'],
};

beforeAll(async () => {
  sys = await startSystem({ env: { registration: { LOGIN_RATE_PER_IP_PER_MINUTE: '10000' } } });
  mongo = await MongoClient.connect(sys.infra.mongoUrl);
  nc = await connect({ servers: sys.infra.natsUrl });
}, 180_000);
afterAll(async () => {
  await nc?.close();
  await mongo?.close();
  await sys?.stop();
});

/** What DESIGN §7 asks of every response; the problems found, empty when all hold. */
function headerProblems(res: Response, authenticated: boolean, staticFile: boolean): string[] {
  const h = (n: string) => res.headers.get(n) ?? '';
  const problems: string[] = [];
  const hsts = /max-age=(\d+)/.exec(h('strict-transport-security'))?.[1];
  if (!hsts || Number(hsts) < 31_536_000) problems.push(`HSTS ${h('strict-transport-security') || 'missing'}`);
  const csp = h('content-security-policy');
  for (const d of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"])
    if (!csp.includes(d) && !csp.startsWith('sandbox')) problems.push(`CSP lacks ${d}`);
  if (csp.startsWith('sandbox') && !csp.includes("object-src 'none'")) problems.push('sandbox CSP lacks object-src');
  if (h('x-content-type-options') !== 'nosniff') problems.push('nosniff missing');
  if (!h('referrer-policy') && !csp.startsWith('sandbox')) problems.push('Referrer-Policy missing');
  if (h('x-powered-by')) problems.push('X-Powered-By present');
  if (authenticated && !staticFile && !h('cache-control').includes('no-store'))
    problems.push(`Cache-Control ${h('cache-control') || 'missing'}`);
  return problems;
}

describe('security headers on every route', () => {
  it('every answer of every service carries the ASVS headers, anonymous and authenticated', { timeout: 300_000 }, async () => {
    const matrix = await roleClient(sys, mongo, nc, 'headers', sys.service('approval').baseUrl);
    const routes: { service: ServiceName; method: string; path: string; staticFile: boolean }[] = [];
    for (const service of SERVICE_NAMES) {
      const base = sys.service(service).baseUrl;
      const doc = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
      for (const [path, methods] of Object.entries(doc.paths))
        for (const method of Object.keys(methods))
          // The public keys are the same for everybody and meant to be cached (like a static file).
          routes.push({
            service,
            method: method.toUpperCase(),
            path: path.replace(/\{[^}]+\}/g, 'x'),
            staticFile: path === '/.well-known/jwks.json',
          });
      for (const path of ['/healthz', '/readyz', '/api/v1/openapi.json', '/nie-ma-takiej-strony', ...PAGES[service]])
        routes.push({ service, method: 'GET', path, staticFile: false });
      routes.push({ service, method: 'DELETE', path: '/healthz', staticFile: false });
      const dir = join(repoRoot(), 'services', service, 'static');
      for (const file of (() => {
        try {
          return readdirSync(dir);
        } catch {
          return [];
        }
      })())
        routes.push({ service, method: 'GET', path: `/static/${file}`, staticFile: true });
    }
    const failures: string[] = [];
    let checked = 0;
    const statuses = new Map<number, number>();
    for (const r of routes)
      for (const who of ['anonymous', 'central'] as const) {
        const res = await fetch(`${sys.service(r.service).baseUrl}${r.path}`, {
          method: r.method,
          headers: {
            accept: r.path.startsWith('/api/') ? 'application/json' : 'text/html',
            ...(who === 'central' ? { cookie: matrix.cookies.central } : {}),
            ...(r.method === 'POST' ? { 'content-type': 'application/json' } : {}),
          },
          ...(r.method === 'POST' ? { body: '{}' } : {}),
          redirect: 'manual',
        });
        await res.arrayBuffer();
        checked++;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500 && r.path !== '/readyz') failures.push(`${r.service} ${r.method} ${r.path} as ${who}: ${res.status}`);
        for (const p of headerProblems(res, who === 'central', r.staticFile))
          failures.push(`${r.service} ${r.method} ${r.path} as ${who} (${res.status}): ${p}`);
      }
    printTable('Security headers crawl', [
      ['routes (OpenAPI paths, pages, static files, health, 404, 405)', routes.length],
      ['requests (anonymous and as an administrator)', checked],
      ...[...statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]): [string, number] => [`  answered ${s}`, n]),
      ['header problems', failures.length],
    ]);
    expect(failures).toEqual([]);
  });
});
