/**
 * Registration submissions/s and latency (with the argon2id hash) against the real service process, beside
 * the raw `@node-rs/argon2` hash rate measured in the same run on the same two cores (DESIGN §10).
 */
import { hash } from '@node-rs/argon2';
import { sampleApplication, type System } from '@cas/testing';
import { pool, summarise } from './stats.js';

const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export interface ThroughputResult {
  /** The raw rate on the idle machine (before the submissions). */
  rawHashesPerSecond: number;
  rawBefore: number;
  rawAfter: number;
  submissionsPerSecond: number;
  latency: ReturnType<typeof summarise>;
  statuses: Record<number, number>;
}

export async function registrationThroughput(sys: System, count = 300, concurrency = 8): Promise<ThroughputResult> {
  // Baseline: raw hash rate, same parameters, same concurrency, on the idle machine before the submissions.
  // It is measured again afterwards for information only: the service is then still relaying the load's events
  // (FerretDB busy), which depresses it, so the ratio uses the idle figure.
  const rawRate = async () => {
    const start = performance.now();
    await pool(count, concurrency, (i) => hash(`haslo-testowe-${i}-abcdef`, ARGON2));
    return count / ((performance.now() - start) / 1000);
  };
  await pool(20, concurrency, () => hash('rozgrzewka-haslo-123', ARGON2));
  const rawBefore = await rawRate();

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
  const t0 = performance.now();
  const results = await pool(count, concurrency, (i) => submit(`b${run}x${i}`));
  const submissionsPerSecond = count / ((performance.now() - t0) / 1000);
  const rawAfter = await rawRate();
  const rawHashesPerSecond = rawBefore;
  const statuses: Record<number, number> = {};
  for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  return { rawHashesPerSecond, rawBefore, rawAfter, submissionsPerSecond, latency: summarise(results.map((r) => r.ms)), statuses };
}
