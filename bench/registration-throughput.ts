/**
 * Registration submissions/s and latency (with the argon2id hash) against the real service process, beside
 * the raw `@node-rs/argon2` hash rate measured in the same run on the same two cores (DESIGN §10).
 */
import { hash } from '@node-rs/argon2';
import { sampleApplication, type System } from '@cas/testing';
import { summarise } from './stats.js';

const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

async function pool<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}

export interface ThroughputResult {
  rawHashesPerSecond: number;
  submissionsPerSecond: number;
  latency: ReturnType<typeof summarise>;
  statuses: Record<number, number>;
}

export async function registrationThroughput(sys: System, count = 300, concurrency = 8): Promise<ThroughputResult> {
  // Baseline: raw hash rate, same parameters, same concurrency.
  await pool(20, concurrency, () => hash('rozgrzewka-haslo-123', ARGON2));
  let t0 = performance.now();
  await pool(count, concurrency, (i) => hash(`haslo-testowe-${i}-abcdef`, ARGON2));
  const rawHashesPerSecond = count / ((performance.now() - t0) / 1000);

  const api = `${sys.service('registration').baseUrl}/api/v1/applications`;
  const submit = async (tag: string) => {
    const start = performance.now();
    const res = await fetch(api, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(sampleApplication(tag)),
    });
    await res.arrayBuffer();
    return { status: res.status, ms: performance.now() - start };
  };
  await pool(20, concurrency, (i) => submit(`warm${i}-${Date.now()}`));
  const run = Date.now();
  t0 = performance.now();
  const results = await pool(count, concurrency, (i) => submit(`b${run}x${i}`));
  const submissionsPerSecond = count / ((performance.now() - t0) / 1000);
  const statuses: Record<number, number> = {};
  for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  return { rawHashesPerSecond, submissionsPerSecond, latency: summarise(results.map((r) => r.ms)), statuses };
}
