import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { SERVICE_NAMES, startSystem, type ServiceName, type System } from '@cas/testing';
import { invariantRows, printTable, settleAndCheck } from './invariants.js';
import { runWorkload, workloadContext, type FlowResult } from './workload.js';

/**
 * Issue #8, crashes: `kill -9` of a random service at random moments while applications go through the whole
 * flow (register → scan via the mailroom → approve → activation e-mail; every fourth a password reminder, every
 * fourth another a permission request the admin approves), each killed service restarted at once. Then every invariant of DESIGN §6 is checked and a table printed.
 * 200 applications and at least 50 kills by default; CAS_FAULTS_APPLICATIONS / CAS_FAULTS_KILLS change that.
 */
const APPLICATIONS = Number(process.env.CAS_FAULTS_APPLICATIONS ?? 200);
const KILLS = Number(process.env.CAS_FAULTS_KILLS ?? 50);

let sys: System;
let mongo: MongoClient;
let nc: NatsConnection;

beforeAll(async () => {
  sys = await startSystem({
    env: {
      registration: { REMINDER_RATE_PER_IP_PER_HOUR: '100000', LOGIN_RATE_PER_IP_PER_MINUTE: '100000', SESSION_TOKEN_TTL_SECONDS: '3600' },
      'document-intake': { SCAN_JOB_LOCK_MS: '10000', SCAN_STUCK_AFTER_MS: '20000', SCAN_RECONCILE_EVERY_MS: '5000' },
      notification: { SMTP_PAUSE_MAX_MS: '5000', RECONCILE_EVERY_MS: '5000', RECONCILE_AFTER_MS: '10000' },
    },
  });
  mongo = await MongoClient.connect(sys.infra.mongoUrl);
  nc = await connect({ servers: sys.infra.natsUrl });
}, 180_000);
afterAll(async () => {
  await nc?.close();
  await mongo?.close();
  await sys?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// In CI on 2026-12-02 this run lost a "Przypomnij hasło" e-mail in 2 of 3 runs: the workload asked for the
// reminder once the application read `approved`, but a crash between that write and the account's insert left the
// account to the event's redelivery, so the reminder was one for an unknown login. The workload now waits for the
// account itself (workload.ts, `waitActive`). A longer run: CAS_FAULTS_APPLICATIONS=1000 CAS_FAULTS_KILLS=250.
describe('kill -9 during the flow', () => {
  it(`${APPLICATIONS} applications, ≥ ${KILLS} kills: nothing lost, no transition twice`, { timeout: 3_600_000 }, async () => {
    const ctx = await workloadContext(sys, nc, 'faults', { patienceMs: 180_000 });

    const kills: Record<ServiceName, number> = { registration: 0, 'document-intake': 0, approval: 0, notification: 0 };
    const outcome: { flows?: FlowResult[]; error?: Error } = {};
    const started = Date.now();
    const workload = runWorkload(ctx, APPLICATIONS, 6, 'crash').then(
      (r) => (outcome.flows = r),
      (e: unknown) => (outcome.error = e instanceof Error ? e : new Error(String(e))),
    );
    // The killer: a random service at a random moment, restarted at once, until the flow is through and the
    // kills are enough.
    let total = 0;
    while ((!outcome.flows && !outcome.error) || total < KILLS) {
      await sleep(500 + Math.random() * 2_500);
      const name = SERVICE_NAMES[Math.floor(Math.random() * SERVICE_NAMES.length)]!;
      await sys.service(name).kill();
      kills[name]++;
      total++;
      await sleep(Math.random() * 1_000);
      await sys.service(name).start();
    }
    await workload;
    if (outcome.error) {
      // What the services said last, so a CI failure can be read without a rerun.
      for (const name of SERVICE_NAMES) {
        const log = readFileSync(join(sys.dir, 'logs', `${name}.log`), 'utf8')
          .trim()
          .split('\n');
        console.log(`--- last lines of ${name}.log\n${log.slice(-15).join('\n')}`);
      }
      throw outcome.error;
    }
    const done = outcome.flows ?? [];
    const flowSeconds = (Date.now() - started) / 1000;

    // Settle: everything the flow started must finish (e-mails, activations) with every service up.
    const report = await settleAndCheck(mongo, nc, sys.mailpit, done, 300_000);
    printTable('Crash test (kill -9 of random services during the flow)', [
      ['applications driven through the flow', report.applications],
      ['flow duration (s)', flowSeconds.toFixed(0)],
      ['kills, total', total],
      ...SERVICE_NAMES.map((n): [string, number] => [`  kills of ${n}`, kills[n]]),
      ['requests repeated by clients (service down, 5xx)', done.reduce((s, f) => s + f.retries, 0)],
      ...invariantRows(report),
      ['duplicate e-mails per 1,000 kills (issue target ≤ 1)', ((report.duplicateEmails * 1_000) / total).toFixed(0)],
    ]);
    if (report.missingEmails.length > 0) console.log('missing e-mails (first 20):', report.missingEmails.slice(0, 20));
    expect(report.notFinal).toEqual([]);
    expect(report.duplicateTransitions).toEqual([]);
    expect(report.missingEmails).toEqual([]);
    // DESIGN §6: a duplicate only from the window between SMTP's acceptance and the ledger write, so at most the
    // sends in flight when notification was killed (EMAIL_CONCURRENCY, 16 by default, per kill). The target
    // of ≤ 1 per 1,000 kills is reported in the table, not asserted: kills of notification mid-send double what was
    // in flight.
    expect(report.duplicateEmails).toBeLessThanOrEqual(kills.notification * 16);
    expect(report.deadLetters).toBe(0);
  });
});
