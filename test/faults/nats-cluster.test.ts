import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { SERVICE_NAMES, startSystem, waitFor, type ServiceName, type System } from '@cas/testing';
import { invariantRows, printTable, settleAndCheck } from './invariants.js';
import { runWorkload, workloadContext } from './workload.js';

/**
 * Issue #8, cluster: NATS as a 3-node cluster on loopback, every stream with 3 replicas (NATS_STREAM_REPLICAS=3,
 * as deploy/k8s runs it). In the middle of a flow of applications the node leading the REGISTRATION stream is
 * killed with SIGKILL and stays down until the flow is through: the services fail over to the other two nodes,
 * the stream elects a new leader, and nothing is lost or done twice. The node then comes back and catches up.
 */
const APPLICATIONS = Number(process.env.CAS_FAULTS_CLUSTER_APPLICATIONS ?? 30);

let sys: System;
let mongo: MongoClient;
let nc: NatsConnection;
let jsm: JetStreamManager;

beforeAll(async () => {
  const r3: NodeJS.ProcessEnv = { NATS_STREAM_REPLICAS: '3' };
  sys = await startSystem({
    infra: { natsCluster: 3 },
    env: {
      ...(Object.fromEntries(SERVICE_NAMES.map((n) => [n, r3])) as Record<ServiceName, NodeJS.ProcessEnv>),
      registration: {
        ...r3,
        REMINDER_RATE_PER_IP_PER_HOUR: '100000',
        LOGIN_RATE_PER_IP_PER_MINUTE: '100000',
        SESSION_TOKEN_TTL_SECONDS: '3600',
      },
    },
  });
  mongo = await MongoClient.connect(sys.infra.mongoUrl);
  nc = await connect({ servers: sys.infra.natsUrl.split(','), maxReconnectAttempts: -1, reconnectTimeWait: 500 });
  jsm = await jetstreamManager(nc);
}, 240_000);
afterAll(async () => {
  await nc?.close();
  await mongo?.close();
  await sys?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every stream: its replica count, leader and how many replicas are current. */
async function streams(): Promise<{ name: string; replicas: number; leader: string; current: number }[]> {
  const out = [];
  for await (const s of jsm.streams.list()) {
    const replicas = s.cluster?.replicas ?? [];
    out.push({
      name: s.config.name,
      replicas: s.config.num_replicas,
      leader: s.cluster?.leader ?? '',
      current: replicas.filter((r) => r.current && !r.offline).length + (s.cluster?.leader ? 1 : 0),
    });
  }
  return out;
}

describe('a 3-node NATS cluster with R3 streams', () => {
  it(`one node killed mid-flow (${APPLICATIONS} applications): nothing lost, nothing twice`, { timeout: 900_000 }, async () => {
    const before = await streams();
    expect(before.length).toBeGreaterThanOrEqual(3); // REGISTRATION, INTAKE, APPROVAL
    for (const s of before) expect(s.replicas, s.name).toBe(3);

    const ctx = await workloadContext(sys, nc, 'cluster', { patienceMs: 180_000 });

    const started = Date.now();
    const workload = runWorkload(ctx, APPLICATIONS, 4, 'cluster');
    await sleep(8_000); // applications are in every step of the flow by now
    const leader = before.find((s) => s.name === 'REGISTRATION')?.leader ?? '';
    const index = Number(/cas-(\d+)/.exec(leader)?.[1] ?? 1) - 1;
    const victim = sys.infra.natsNodes![index]!;
    await victim.kill();
    const killedAt = Date.now() - started;
    const flows = await workload;
    const flowSeconds = (Date.now() - started) / 1000;

    const report = await settleAndCheck(mongo, nc, sys.mailpit, flows, 180_000);
    const during = await streams();

    // The node comes back and its replicas catch up. With nats-server 2.12.2 a node killed under this load deleted
    // its replicas as "orphaned" 30 s after its restart in 5 of 6 runs (2026-12-02; the class of upstream defects
    // in nats-server issues 4410, 5382 and 6188), leaving 2 of 3 replicas current; 2.15.2 brings them back.
    await victim.start();
    let after = await streams();
    await waitFor(
      'every stream replica current',
      async () => (after = await streams()).every((s) => s.current === 3),
      120_000,
      1_000,
    ).catch(() => undefined);
    printTable('NATS cluster test (3 nodes, R3 streams, one node killed mid-flow)', [
      ['applications driven through the flow', report.applications],
      ['streams, all with 3 replicas', before.length],
      ['node killed (leader of REGISTRATION)', `${leader} at ${(killedAt / 1000).toFixed(0)} s`],
      ['streams whose leader moved', during.filter((s) => s.leader !== before.find((b) => b.name === s.name)?.leader).length],
      ['flow duration (s)', flowSeconds.toFixed(0)],
      [
        'streams with 3 current replicas ≤ 2 min after the node came back',
        `${after.filter((s) => s.current === 3).length} of ${after.length}`,
      ],
      ['requests repeated by clients', flows.reduce((s, f) => s + f.retries, 0)],
      ...invariantRows(report),
    ]);
    expect(during.every((s) => s.leader !== leader)).toBe(true);
    expect(after.map((s) => `${s.name}: ${s.current} current`)).toEqual(after.map((s) => `${s.name}: 3 current`));
    expect(report.notFinal).toEqual([]);
    expect(report.duplicateTransitions).toEqual([]);
    expect(report.missingEmails).toEqual([]);
    expect(report.duplicateEmails).toBe(0);
    expect(report.deadLetters).toBe(0);
  });
});
