import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MongoClient } from 'mongodb';
import { Queue } from 'bullmq';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { CONSUMERS } from '@cas/contracts';
import { SERVICE_NAMES, startSystem, waitFor, type System } from '@cas/testing';
import { printTable } from './invariants.js';

/**
 * Issue #8 step 5, messages: for every subject a durable consumer filters, PER_SUBJECT malformed payloads (random
 * bytes, JSON that is no envelope, an envelope whose type is not its subject, valid envelopes with data that
 * fails the schema, oversized fields); for every BullMQ queue, PER_QUEUE jobs with payloads that fail their
 * schema. Every poison message must end terminated and recorded (a dead letter per consumer), every bad job
 * failed without retries, and every service still up. CAS_FAULTS_BAD_MESSAGES / CAS_FAULTS_BAD_JOBS raise the counts.
 */
const PER_SUBJECT = Number(process.env.CAS_FAULTS_BAD_MESSAGES ?? 500);
const PER_QUEUE = Number(process.env.CAS_FAULTS_BAD_JOBS ?? 500);
const QUEUES: Record<string, string[]> = {
  'intake-scan': ['process-scan', 'reconcile-scans'],
  'notification-email': ['send-email'],
  'notification-maintenance': ['reconcile-deliveries', 'send-digest'],
  'registration-accounts': ['issue-password-reminder'],
};

let sys: System;
let mongo: MongoClient;
let nc: NatsConnection;

beforeAll(async () => {
  sys = await startSystem({ infra: { only: ['mongo', 'nats', 'redis', 'mailpit'] } });
  mongo = await MongoClient.connect(sys.infra.mongoUrl);
  nc = await connect({ servers: sys.infra.natsUrl });
}, 180_000);
afterAll(async () => {
  await nc?.close();
  await mongo?.close();
  await sys?.stop();
});

/** Malformed payloads for `subject`: deterministic per seed, so a failure can be replayed. */
function badPayloads(subject: string, n: number, seed: number): string[] {
  const envelope = (type: string, data: unknown) =>
    JSON.stringify({
      specversion: '1.0',
      id: crypto.randomUUID(),
      source: 'fuzz',
      type,
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      correlationid: 'fuzz',
      data,
    });
  const arb = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
    fc.json({ maxDepth: 3 }),
    fc.jsonValue({ maxDepth: 3 }).map((d) => envelope(subject, d)),
    fc.jsonValue({ maxDepth: 2 }).map((d) => envelope(`${subject}.other`, d)),
    fc.record({ applicationId: fc.string(), number: fc.string(), email: fc.string({ maxLength: 400 }) }).map((d) => envelope(subject, d)),
  );
  // One oversized payload per subject (the dead letter keeps its first 64 kB).
  return [envelope(subject, { applicationId: 'x'.repeat(100_000) }), ...fc.sample(arb, { numRuns: n - 1, seed })];
}

const deadLetters = async () => {
  let n = 0;
  // Counted by `_id` only: FerretDB would otherwise parse every 64 kB payload on each poll.
  for (const db of ['cas_registration', 'cas_intake', 'cas_approval', 'cas_notification'])
    n += (
      await mongo
        .db(db)
        .collection('dead_letters')
        .find({}, { projection: { _id: 1 } })
        .toArray()
    ).length;
  return n;
};

describe('hostile messages and jobs', () => {
  it(
    `${PER_SUBJECT} malformed messages per subject and ${PER_QUEUE} bad jobs per queue: all terminated and recorded, nothing down`,
    { timeout: 900_000 },
    async () => {
      const jsm = await jetstreamManager(nc);
      const js = jetstream(nc);
      // Which consumers receive each subject (their server-side filters).
      const receivers = new Map<string, number>();
      for (const c of Object.values(CONSUMERS)) {
        const info = await jsm.consumers.info(c.stream, c.durable);
        for (const s of info.config.filter_subjects ?? []) receivers.set(s, (receivers.get(s) ?? 0) + 1);
      }
      const before = await deadLetters();
      let published = 0;
      let seed = 1;
      for (const subject of receivers.keys()) {
        for (const payload of badPayloads(subject, PER_SUBJECT, seed++)) {
          await js.publish(subject, payload, { msgID: crypto.randomUUID() });
          published++;
        }
      }
      const expected = [...receivers.values()].reduce((sum, n) => sum + n * PER_SUBJECT, 0);
      await waitFor('every poison message recorded', async () => (await deadLetters()) - before >= expected, 600_000, 10_000);

      let badJobs = 0;
      const failedBefore = new Map<string, number>();
      for (const [name, jobs] of Object.entries(QUEUES)) {
        const q = new Queue(name, { connection: { url: sys.infra.redisUrl } as never });
        failedBefore.set(name, await q.getFailedCount());
        // Never a valid payload: every job schema here is a strict object, and `{}` is the housekeeping jobs' valid
        // payload (as the whole job data, or as its `payload`), so empty objects and `payload` keys are left out.
        const invalid = fc
          .jsonValue({ maxDepth: 3 })
          .filter((v) => JSON.stringify(v) !== '{}' && !(v !== null && typeof v === 'object' && 'payload' in v));
        const payloads = fc.sample(invalid, { numRuns: PER_QUEUE, seed: 99 });
        await q.addBulk(
          payloads.map((p, i) => ({
            name: jobs[i % jobs.length]!,
            data: i % 3 === 0 ? p : { payload: p, meta: { correlationId: 'fuzz' } },
            opts: { jobId: `fuzz-${name}-${i}`, attempts: 5 },
          })),
        );
        badJobs += payloads.length;
        await q.close();
      }
      let failedJobs = 0;
      for (const name of Object.keys(QUEUES)) {
        const q = new Queue(name, { connection: { url: sys.infra.redisUrl } as never });
        await waitFor(
          `${name}: bad jobs failed`,
          async () => (await q.getFailedCount()) - failedBefore.get(name)! >= PER_QUEUE,
          300_000,
          1_000,
        );
        const failed = await q.getFailed(0, 5);
        // Failed at once (schema), not after retries.
        for (const j of failed) expect(j.attemptsMade, `${name} ${j.id}`).toBeLessThanOrEqual(1);
        failedJobs += (await q.getFailedCount()) - failedBefore.get(name)!;
        await q.close();
      }

      const up: string[] = [];
      for (const name of SERVICE_NAMES) {
        const s = sys.service(name);
        if (s.running && (await fetch(`${s.baseUrl}/healthz`)).ok) up.push(name);
      }
      const recorded = (await deadLetters()) - before;
      printTable('Hostile messages and jobs', [
        ['subjects consumed', receivers.size],
        ['malformed messages published', published],
        ['dead letters expected (message × consumers of its subject)', expected],
        ['dead letters recorded', recorded],
        ['bad BullMQ jobs added', badJobs],
        ['bad jobs failed without retries', failedJobs],
        ['services up afterwards', `${up.length}/${SERVICE_NAMES.length}`],
      ]);
      expect(recorded).toBe(expected);
      expect(failedJobs).toBe(badJobs);
      expect(up).toEqual([...SERVICE_NAMES]);
    },
  );
});
