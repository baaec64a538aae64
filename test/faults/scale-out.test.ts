import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { SERVICE_NAMES, startSystem, type ServiceName, type ServiceProcess, type System } from '@cas/testing';
import { invariantRows, printTable, settleAndCheck } from './invariants.js';
import { runWorkload, workloadContext } from './workload.js';

/**
 * Issue #8, scale-out: two replicas of every service on the same databases, streams and queues. The clients'
 * requests go to the replicas in turn (one flow submits on one registration replica and asks its status on the
 * other); the durable consumers and BullMQ queues are shared. Every event must be handled once and every e-mail
 * sent once. Throughput with one and two replicas is measured by `npm run bench` (BENCH_ONLY=replicas).
 */
const APPLICATIONS = Number(process.env.CAS_FAULTS_SCALE_APPLICATIONS ?? 40);

let sys: System;
let mongo: MongoClient;
let nc: NatsConnection;
const second: Partial<Record<ServiceName, ServiceProcess>> = {};

beforeAll(async () => {
  sys = await startSystem({
    env: {
      registration: { REMINDER_RATE_PER_IP_PER_HOUR: '100000', LOGIN_RATE_PER_IP_PER_MINUTE: '100000', SESSION_TOKEN_TTL_SECONDS: '3600' },
    },
  });
  for (const name of SERVICE_NAMES) second[name] = await sys.startReplica(name);
  mongo = await MongoClient.connect(sys.infra.mongoUrl);
  nc = await connect({ servers: sys.infra.natsUrl });
}, 240_000);
afterAll(async () => {
  await nc?.close();
  await mongo?.close();
  await sys?.stop();
});

/** How many e-mails a notification replica's log says SMTP accepted. */
const sentBy = (proc: ServiceProcess) =>
  readFileSync(proc.spec.logFile, 'utf8')
    .split('\n')
    .filter((line) => line.includes('e-mail accepted by SMTP')).length;

describe('two replicas of every service', () => {
  it(`${APPLICATIONS} applications through the flow: every event handled once, every e-mail sent once`, { timeout: 900_000 }, async () => {
    const ctx = await workloadContext(sys, nc, 'scale', {
      patienceMs: 120_000,
      replicas: Object.fromEntries(SERVICE_NAMES.map((n) => [n, [sys.service(n).baseUrl, second[n]!.baseUrl]])),
    });
    const started = Date.now();
    const flows = await runWorkload(ctx, APPLICATIONS, 6, 'scale');
    const flowSeconds = (Date.now() - started) / 1000;
    const report = await settleAndCheck(mongo, nc, sys.mailpit, flows, 180_000);
    const sends = [sentBy(sys.service('notification')), sentBy(second.notification!)];
    const accepted = (await sys.mailpit.all()).length;
    printTable('Scale-out test (two replicas of every service)', [
      ['applications driven through the flow', report.applications],
      ['flow duration (s)', flowSeconds.toFixed(0)],
      ['e-mails sent by notification replica 1 / 2', `${sends[0]} / ${sends[1]}`],
      ['e-mails accepted by SMTP', accepted],
      ...invariantRows(report),
    ]);
    expect(report.notFinal).toEqual([]);
    expect(report.duplicateTransitions).toEqual([]);
    expect(report.missingEmails).toEqual([]);
    expect(report.duplicateEmails).toBe(0);
    expect(report.deadLetters).toBe(0);
    // Both replicas took part, and between them sent each e-mail once (the sink counts every copy).
    expect(sends[0]).toBeGreaterThan(0);
    expect(sends[1]).toBeGreaterThan(0);
    expect(sends[0]! + sends[1]!).toBe(accepted);
  });
});
