/**
 * The admin's review list and review page with 100,000 applications in approval's read model (DESIGN §10:
 * p99 ≤ 50 ms). The items are written straight into `review_items` in the shape the projection writes (this
 * measures reads, not how the read model was filled); the requests go through HTTP with a real admin session.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import { connect } from '@nats-io/transport-node';
import { centralAdminSession, sampleApplication, voivodeshipAdminSession, type System } from '@cas/testing';
import { summarise } from './stats.js';

const STATUSES = ['awaiting-document', 'ready-for-review', 'approved', 'rejected', 'expired'] as const;
const VOIVODESHIPS = ['02', '04', '06', '08', '10', '12', '14', '16', '18', '20', '22', '24', '26', '28', '30', '32'];

export interface ReviewListResult {
  items: number;
  seedSeconds: number;
  /** Approval's restart until ready, its queue index loaded from the seeded collection. */
  loadSeconds: number;
  /** The approval process's resident memory with an empty queue, before seeding (MB). */
  approvalIdleRssMb: number | null;
  /** The approval process's resident memory after the cases (MB), index included. */
  approvalRssMb: number | null;
  /** `timedOut`: a request took longer than the per-request limit; the case stopped there. */
  cases: { label: string; latency: ReturnType<typeof summarise>; timedOut: boolean }[];
}

/** A process's resident set in MB (Linux /proc), or null when it cannot be read. */
function rssMb(pid: number | undefined): number | null {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

/** A request slower than this stops its case (the figure is then "over the limit", not a percentile). */
const REQUEST_LIMIT_MS = 15_000;

/** One review item as the projection stores it (domain/review-item.ts), `i`-th of the seed. */
function item(i: number, start: number) {
  const app = sampleApplication(`bench${i}`);
  const voivodeship = VOIVODESHIPS[i % VOIVODESHIPS.length]!;
  const submittedAt = new Date(start + i * 1000);
  return {
    _id: randomUUID(),
    number: `${voivodeship}/2026/${String(i).padStart(6, '0')}`,
    voivodeship,
    kind: 'new-unit',
    status: STATUSES[i % STATUSES.length],
    unit: { ...app.unit, name: `${app.unit.name} ${i}` },
    user: {
      firstName: app.user.firstName,
      lastName: app.user.lastName,
      email: app.user.email,
      phone: app.user.phone,
      position: app.user.position,
      login: app.user.login,
    },
    grants: app.grants,
    verificationCode: 'ABCDEFGH',
    submittedAt,
    expiresAt: new Date(submittedAt.getTime() + 30 * 86_400_000),
    scans: [],
    decision: null,
    updatedAt: new Date(),
  };
}

export async function reviewList(sys: System, count = 100_000, samples = 200): Promise<ReviewListResult> {
  const mongo = await MongoClient.connect(sys.infra.mongoUrl);
  const nc = await connect({ servers: sys.infra.natsUrl });
  try {
    const coll = mongo.db('cas_approval').collection('review_items');
    const approvalIdleRssMb = rssMb(sys.service('approval').pid);
    const t0 = performance.now();
    const start = Date.now() - count * 1000;
    for (let i = 0; i < count; i += 1000)
      await coll.insertMany(Array.from({ length: Math.min(1000, count - i) }, (_, k) => item(i + k, start)) as never[], { ordered: false });
    const seedSeconds = (performance.now() - t0) / 1000;
    // Approval keeps the queue in memory, loaded at start (docs/adr/0008): restart it to load what was seeded.
    const t1 = performance.now();
    await sys.service('approval').restart();
    const loadSeconds = (performance.now() - t1) / 1000;
    const reg = sys.service('registration').baseUrl;
    const central = await centralAdminSession(reg, sys.infra, 'bench');
    const admin = await voivodeshipAdminSession(reg, nc, central.cookie, '26', 'bench');
    const base = sys.service('approval').baseUrl;
    const one = (await coll.findOne({ voivodeship: '26', status: 'ready-for-review' }))!;
    const cases: [string, string, string][] = [
      ['baseline: GET /healthz (the HTTP stack alone, no session, no data)', '/healthz', ''],
      ['API list, admin of 26, ready-for-review, first page of 50', '/api/v1/review-items?status=ready-for-review', admin.cookie],
      ['API list, central admin, all voivodeships, first page', '/api/v1/review-items?status=ready-for-review', central.cookie],
      ['API list, admin of 26, search by number', `/api/v1/review-items?q=${encodeURIComponent(String(one.number))}`, admin.cookie],
      [
        'API list, admin of 26, area FA + unit type + a month',
        '/api/v1/review-items?area=FA&unitType=ops&from=2026-01-01&to=2026-01-31',
        admin.cookie,
      ],
      ['API list, admin of 26, search by part of a name (no match)', '/api/v1/review-items?q=nie-ma-takiej', admin.cookie],
      ['queue page (HTML), admin of 26', '/', admin.cookie],
      ['review page (HTML), admin of 26', `/wnioski/${String(one._id)}`, admin.cookie],
    ];
    const results: ReviewListResult['cases'] = [];
    for (const [label, path, cookie] of cases) {
      const get = async () => {
        const s = performance.now();
        const r = await fetch(`${base}${path}`, {
          headers: { ...(cookie ? { cookie } : {}), accept: 'text/html,application/json' },
          signal: AbortSignal.timeout(REQUEST_LIMIT_MS),
        });
        await r.arrayBuffer();
        if (r.status !== 200) throw new Error(`${path} answered ${r.status}`);
        return performance.now() - s;
      };
      const times: number[] = [];
      let timedOut = false;
      try {
        await get(); // warm-up
        for (let i = 0; i < samples; i++) times.push(await get());
      } catch (e) {
        if ((e as Error).name !== 'TimeoutError') throw e;
        timedOut = true;
      }
      results.push({ label, latency: summarise(times), timedOut });
    }
    return {
      items: count,
      seedSeconds,
      loadSeconds,
      approvalIdleRssMb,
      approvalRssMb: rssMb(sys.service('approval').pid),
      cases: results,
    };
  } finally {
    await nc.close();
    await mongo.close();
  }
}
