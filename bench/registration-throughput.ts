/**
 * Registration submissions/s and latency (with the argon2id hash) against the real service process, beside
 * the raw `@node-rs/argon2` hash rate measured in the same run on the same two cores (DESIGN §10).
 */
import { MongoClient } from 'mongodb';
import { hash } from '@node-rs/argon2';
import { sampleApplication, type System } from '@cas/testing';
import { alternate, pool, summarise, type Round } from './stats.js';
import { outboxDrained } from './outbox.js';

const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export interface ThroughputResult {
  /** Raw hashes/s (`raw`) and submissions/s (`load`) of each round, and the round with the median ratio. */
  rounds: Round[];
  median: Round;
  latency: ReturnType<typeof summarise>;
  statuses: Record<number, number>;
}

export async function registrationThroughput(sys: System, count = 300, concurrency = 8, rounds = 3): Promise<ThroughputResult> {
  const rawRate = async () => {
    const start = performance.now();
    await pool(count, concurrency, (i) => hash(`haslo-testowe-${i}-abcdef`, ARGON2));
    return count / ((performance.now() - start) / 1000);
  };
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
  await pool(20, concurrency, () => hash('rozgrzewka-haslo-123', ARGON2));
  await pool(20, concurrency, (i) => submit(`warm${i}-${Date.now()}`));
  const mongo = await MongoClient.connect(sys.infra.mongoUrl);
  try {
    const results: { status: number; ms: number }[] = [];
    const run = Date.now();
    const measured = await alternate(rounds, {
      // The service relays a round's events for several seconds after its last 201 (FerretDB busy): the next
      // baseline waits for that, or it would be measured on a loaded machine.
      settle: () => outboxDrained(mongo.db('cas_registration')),
      baseline: rawRate,
      load: async () => {
        const start = performance.now();
        const batch = await pool(count, concurrency, (i) => submit(`b${run}r${results.length}x${i}`));
        results.push(...batch);
        return count / ((performance.now() - start) / 1000);
      },
    });
    const statuses: Record<number, number> = {};
    for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    return { ...measured, latency: summarise(results.map((r) => r.ms)), statuses };
  } finally {
    await mongo.close();
  }
}
