/**
 * Password logins/s and latency against the real registration service (rate limit → user lookup → argon2id
 * verify → failure reset → session token → audit), beside the raw `@node-rs/argon2` verify rate measured in the
 * same run on the same cores (issue #4, DESIGN §10).
 */
import { readFileSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import { connect } from '@nats-io/transport-node';
import { hash, verify } from '@node-rs/argon2';
import { approvedAccount, sampleApplication, waitFor, type System } from '@cas/testing';
import { pool, summarise } from './stats.js';

/** The service's parameters (services/registration/src/main.ts). */
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** CPU seconds so far: the whole machine (busy, from /proc/stat), this process, the service process (Linux only). */
function cpuNow(servicePid: number | undefined) {
  const ticks = 100; // USER_HZ
  let machine = NaN;
  let service = NaN;
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    // user nice system idle iowait irq softirq steal: busy = all but idle and iowait
    machine = (f.reduce((a, b) => a + b, 0) - f[3]! - f[4]!) / ticks;
    const st = readFileSync(`/proc/${servicePid}/stat`, 'utf8');
    const fields = st.slice(st.lastIndexOf(')') + 2).split(' ');
    service = (Number(fields[11]) + Number(fields[12])) / ticks; // utime, stime (fields 14, 15)
  } catch {
    // not Linux, or the process is gone: NaN
  }
  const self = process.cpuUsage();
  return { at: performance.now(), machine, service, self: (self.user + self.system) / 1e6 };
}

/** Cores used between two snapshots: by the service, by this process (load generator or raw hashing), by the rest. */
function coresBetween(a: ReturnType<typeof cpuNow>, b: ReturnType<typeof cpuNow>) {
  const s = (b.at - a.at) / 1000;
  const service = (b.service - a.service) / s;
  const self = (b.self - a.self) / s;
  const machine = (b.machine - a.machine) / s;
  return { seconds: s, service, self, rest: machine - service - self, serviceCpuSeconds: b.service - a.service };
}

export type CoresUsed = ReturnType<typeof coresBetween>;

export interface LoginResult {
  accounts: number;
  /** Setup time (submissions, approvals, activation), for information. */
  setupMs: number;
  /** The raw verify rate on the idle machine (before the logins). */
  rawVerifiesPerSecond: number;
  rawAfter: number;
  /** Cores used during the idle baseline and during the logins (Linux; NaN elsewhere). */
  cpuBaseline: CoresUsed;
  cpuLoad: CoresUsed;
  loginsPerSecond: number;
  latency: ReturnType<typeof summarise>;
  statuses: Record<number, number>;
}

/**
 * `accounts` active accounts (submitted through the API, approved as the approval service would by publishing
 * `approval.application.approved.v1`), then `count` correct-password logins at `concurrency`, cycling over them.
 */
export async function loginThroughput(sys: System, count = 600, concurrency = 8, accounts = 50): Promise<LoginResult> {
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
    const db = mongo.db('cas_registration');
    const collections = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    await waitFor(
      'outbox relayed',
      async () =>
        (await Promise.all(collections.map((c) => db.collection(c).countDocuments({ outboxPending: true })))).every((n) => n === 0),
      60_000,
      250,
    );
    const setupMs = performance.now() - setupStart;
    const password = apps[0]!.user.password;

    // Baseline: raw verify rate, same parameters, same password, same concurrency and count, on the idle machine
    // before the logins. Measured again afterwards for information only (the ratio uses the idle figure).
    const stored = await hash(password, ARGON2);
    const rawRate = async () => {
      const start = performance.now();
      const ok = await pool(count, concurrency, () => verify(stored, password));
      if (ok.some((v) => !v)) throw new Error('raw verify returned false');
      return count / ((performance.now() - start) / 1000);
    };
    await pool(20, concurrency, () => verify(stored, password));
    const pid = sys.service('registration').pid;
    const c0 = cpuNow(pid);
    const rawBefore = await rawRate();
    const c1 = cpuNow(pid);

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
    await pool(20, concurrency, login);
    const c2 = cpuNow(pid);
    const results = await pool(count, concurrency, login);
    const c3 = cpuNow(pid);
    const loginsPerSecond = count / ((c3.at - c2.at) / 1000);
    const rawAfter = await rawRate();
    const statuses: Record<number, number> = {};
    for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    return {
      accounts,
      setupMs,
      rawVerifiesPerSecond: rawBefore,
      rawAfter,
      cpuBaseline: coresBetween(c0, c1),
      cpuLoad: coresBetween(c2, c3),
      loginsPerSecond,
      latency: summarise(results.map((r) => r.ms)),
      statuses,
    };
  } finally {
    await nc.close();
    await mongo.close();
  }
}
