/**
 * Password logins/s and latency against the real registration service (rate limit → user lookup → argon2id
 * verify → failure reset → session token → audit), beside the raw `@node-rs/argon2` verify rate measured in the
 * same run on the same cores (issue #4, DESIGN §10).
 */
import { MongoClient } from 'mongodb';
import { connect } from '@nats-io/transport-node';
import { hash, verify } from '@node-rs/argon2';
import { approvedAccount, sampleApplication, type System } from '@cas/testing';
import { addCores, alternate, coresBetween, cpuNow, pool, summarise, type CoresUsed, type Round } from './stats.js';
import { outboxDrained } from './outbox.js';

/** The service's parameters (services/registration/src/main.ts). */
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export interface LoginResult {
  accounts: number;
  /** Setup time (submissions, approvals, activation), for information. */
  setupMs: number;
  /** Raw verifies/s (`raw`) and logins/s (`load`) of each round, and the round with the median ratio. */
  rounds: Round[];
  median: Round;
  /** Cores used during the raw phases and during the login phases, summed over the rounds (Linux; NaN elsewhere). */
  cpuBaseline: CoresUsed;
  cpuLoad: CoresUsed;
  latency: ReturnType<typeof summarise>;
  statuses: Record<number, number>;
}

/**
 * `accounts` active accounts (submitted through the API, approved as the approval service would by publishing
 * `approval.application.approved.v1`), then `rounds` × (`count` raw verifies, `count` correct-password logins at
 * `concurrency`, cycling over the accounts).
 */
export async function loginThroughput(sys: System, count = 600, concurrency = 8, accounts = 50, rounds = 3): Promise<LoginResult> {
  const base = sys.service('registration').baseUrl;
  const mongo = await MongoClient.connect(sys.infra.mongoUrl);
  const nc = await connect({ servers: sys.infra.natsUrl });
  try {
    // Accounts: submit, approve, and wait until the decisions consumer has activated each.
    const setupStart = performance.now();
    const run = Date.now();
    const apps = Array.from({ length: accounts }, (_, i) => sampleApplication(`l${run}x${i}`));
    await pool(accounts, concurrency, (i) => approvedAccount({ registrationUrl: base, mongo, nc }, apps[i]!));
    const logins = apps.map((a) => a.user.login);
    // Idle before the baseline: the relay has published every event of the setup (embedded outboxes empty).
    await outboxDrained(mongo.db('cas_registration'));
    const setupMs = performance.now() - setupStart;
    const password = apps[0]!.user.password;

    // Baseline: raw verify rate, same parameters, same password, same concurrency and count, alternating with the
    // logins (`alternate`: each round's ratio against the raw rate measured just before it).
    const stored = await hash(password, ARGON2);
    const rawRate = async () => {
      const start = performance.now();
      const ok = await pool(count, concurrency, () => verify(stored, password));
      if (ok.some((v) => !v)) throw new Error('raw verify returned false');
      return count / ((performance.now() - start) / 1000);
    };
    const login = async (i: number) => {
      const start = performance.now();
      const res = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: logins[i % logins.length], password }),
      });
      await res.arrayBuffer();
      return { status: res.status, ms: performance.now() - start };
    };
    await pool(20, concurrency, () => verify(stored, password));
    await pool(20, concurrency, login);
    const pid = sys.service('registration').pid;
    const results: { status: number; ms: number }[] = [];
    let cpuBaseline: CoresUsed | undefined;
    let cpuLoad: CoresUsed | undefined;
    const measured = await alternate(rounds, {
      baseline: async () => {
        const c0 = cpuNow(pid);
        const rate = await rawRate();
        cpuBaseline = addCores(cpuBaseline, coresBetween(c0, cpuNow(pid)));
        return rate;
      },
      load: async () => {
        const c0 = cpuNow(pid);
        results.push(...(await pool(count, concurrency, login)));
        const c1 = cpuNow(pid);
        cpuLoad = addCores(cpuLoad, coresBetween(c0, c1));
        return count / ((c1.at - c0.at) / 1000);
      },
    });
    const statuses: Record<number, number> = {};
    for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    return {
      accounts,
      setupMs,
      ...measured,
      cpuBaseline: cpuBaseline!,
      cpuLoad: cpuLoad!,
      latency: summarise(results.map((r) => r.ms)),
      statuses,
    };
  } finally {
    await nc.close();
    await mongo.close();
  }
}
