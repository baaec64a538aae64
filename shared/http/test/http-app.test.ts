import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MongoClient } from 'mongodb';
import { Redis } from 'ioredis';
import { createServer } from 'node:net';
import { createLogger } from '@cas/logger';
import { createHttpApp, parseBody, requireJson } from '../src/index.js';

let server: Server;
let base: string;
let ready = true;

beforeAll(async () => {
  const http = createHttpApp({
    service: 'test',
    logger: createLogger({ service: 'test', level: 'silent' }),
    production: true,
    readiness: { dep: () => ready },
  });
  http.app.post('/api/v1/things', requireJson, (req, res) => {
    const body = parseBody(z.strictObject({ name: z.string().min(1) }), req.body);
    res.status(201).json(body);
  });
  http.app.get('/boom', () => {
    throw new Error('secret internals');
  });
  // A real driver error: a MongoDB client pointed at a port nobody listens on.
  http.app.get('/api/v1/db-down', async (_req, _res, next) => {
    const client = new MongoClient(`mongodb://127.0.0.1:${await closedPort()}/x`, { serverSelectionTimeoutMS: 300 });
    try {
      await client.db('x').collection('y').findOne({});
    } catch (e) {
      next(e);
    } finally {
      await client.close();
    }
  });
  // A real Redis client error: a producer connection (no offline queue) to a port nobody listens on.
  http.app.get('/api/v1/redis-down', async (_req, _res, next) => {
    const redis = new Redis(await closedPort(), '127.0.0.1', { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true });
    redis.on('error', () => undefined);
    try {
      await redis.get('x');
    } catch (e) {
      next(e);
    } finally {
      redis.disconnect();
    }
  });
  http.finalize();
  server = http.app.listen(0);
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** A port that was free a moment ago and is closed now. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

const post = (body: string, type = 'application/json') =>
  fetch(`${base}/api/v1/things`, { method: 'POST', headers: { 'content-type': type }, body });

describe('HTTP app factory', () => {
  it.each(['db-down', 'redis-down'])('answers 503 with Retry-After, not 500, when a server is away (%s)', async (path) => {
    const res = await fetch(`${base}/api/v1/${path}`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    const body = (await res.json()) as { code: string; detail: string };
    expect(body.code).toBe('COMMON.DEPENDENCY_UNAVAILABLE');
    expect(body.detail).toContain('chwilowo niedostępna');
  });

  it('sends the ASVS headers of DESIGN §7 on every response, errors included', async () => {
    for (const path of ['/healthz', '/nope', '/boom']) {
      const res = await fetch(`${base}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(Number(/max-age=(\d+)/.exec(res.headers.get('strict-transport-security') ?? '')?.[1])).toBeGreaterThanOrEqual(31_536_000);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-powered-by')).toBeNull();
      expect(res.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('answers bad input with 4xx problem JSON, never 500', async () => {
    const cases: [Promise<Response>, number, string][] = [
      [post('{"name":'), 400, 'COMMON.MALFORMED_BODY'],
      [post('{"name":"x"}', 'text/plain'), 415, 'COMMON.UNSUPPORTED_MEDIA_TYPE'],
      [post(JSON.stringify({ name: 'x', admin: true })), 400, 'COMMON.VALIDATION'],
      [post(JSON.stringify({ name: 'x'.repeat(200_000) })), 413, 'COMMON.PAYLOAD_TOO_LARGE'],
      [post('[]'), 400, 'COMMON.VALIDATION'],
      [post('"just a string"'), 400, 'COMMON.MALFORMED_BODY'],
      [fetch(`${base}/api/v1/unknown`), 404, 'COMMON.NOT_FOUND'],
    ];
    for (const [pending, status, code] of cases) {
      const res = await pending;
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const body = (await res.json()) as { code: string; status: number; detail: string; type: string };
      expect(body).toMatchObject({ code, status });
      expect(body.detail.length).toBeGreaterThan(5);
    }
  });

  it('names the bad and unknown fields in Polish', async () => {
    const res = await post(JSON.stringify({ name: '', admin: true }));
    const body = (await res.json()) as { errors: { field: string; message: string }[] };
    expect(body.errors.map((e) => e.field).sort()).toEqual(['admin', 'name']);
    expect(body.errors.find((e) => e.field === 'admin')?.message).toBe('Nieznane pole.');
  });

  it('hides internals of unexpected errors behind a generic 500', async () => {
    const res = await fetch(`${base}/boom`);
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('secret internals');
  });

  it('reports readiness from its dependency checks', async () => {
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    ready = false;
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ checks: { dep: false } });
    ready = true;
  });

  it('exposes Prometheus metrics', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('http_request_duration_seconds');
    expect(text).toContain('process_resident_memory_bytes');
  });
});
