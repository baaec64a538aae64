/**
 * `npm run bench`: measures and prints; asserts nothing (DESIGN §9, §10). Each scenario reports absolute
 * figures and a ratio against a baseline taken in the same run, on the same infrastructure instances.
 * BENCH_ONLY=latency|registration|login|reminder|scans|review|emails|replicas runs one scenario;
 * BENCH_SCAN_KINDS=jpg|pdf one kind of scan.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { startLocalInfra, startSystem } from '@cas/testing';
import { eventLatency } from './event-latency.js';
import { loginThroughput } from './login-throughput.js';
import { scanThroughput } from './scan-throughput.js';
import { registrationThroughput } from './registration-throughput.js';
import { reviewList } from './review-list.js';
import { emailThroughput } from './email-throughput.js';
import { reminderTiming } from './reminder-timing.js';
import { fmt } from './stats.js';

const only = process.env.BENCH_ONLY;

async function latencyScenario(label: string, dir?: string): Promise<void> {
  const infra = await startLocalInfra({ only: ['nats'], ...(dir ? { dir } : {}) });
  try {
    const rate = Number(process.env.BENCH_RATE ?? 1_000);
    const count = Number(process.env.BENCH_EVENTS ?? 10_000);
    console.log(`\nScenario: event latency publish → consume, ${count} events at ${rate}/s (JetStream file storage ${label}, 1 server)`);
    const r = await eventLatency(infra, rate, count);
    const row = (name: string, s: typeof r.events) =>
      `  ${name.padEnd(42)} n=${String(s.n).padEnd(6)} p50=${fmt(s.p50).padEnd(11)} p90=${fmt(s.p90).padEnd(11)} p99=${fmt(s.p99).padEnd(11)} max=${fmt(s.max)}`;
    console.log(row('event: publish (PubAck) → handler', r.events));
    console.log(row('  of which publish → PubAck', r.pubAck));
    console.log(row('baseline: raw NATS request/reply RTT', r.requestReply));
    console.log(
      `  ratio event/baseline: p50 ×${(r.events.p50 / r.requestReply.p50).toFixed(2)}, p99 ×${(r.events.p99 / r.requestReply.p99).toFixed(2)}`,
    );
    console.log(`  target p99 ≤ 5 ms at 1,000 events/s: ${r.events.p99 <= 5 ? 'met' : 'NOT met'} (${fmt(r.events.p99)})`);
  } finally {
    await infra.stop();
  }
}

if (!only || only === 'latency') {
  // The same pipeline twice: the store on this machine's disk, and on tmpfs, to tell the disk's share of the
  // PubAck tail from the file store's own (on 2026-11-25 both showed it; a memory-storage stream did not).
  await latencyScenario('on disk');
  if (existsSync('/dev/shm')) {
    const shm = mkdtempSync(join('/dev/shm', 'cas-bench-'));
    try {
      await latencyScenario('on tmpfs (/dev/shm)', shm);
    } finally {
      rmSync(shm, { recursive: true, force: true }); // tmpfs is memory
    }
  }
}

if (!only || only === 'registration') {
  const sys = await startSystem({ services: ['registration'], infra: { only: ['mongo', 'nats', 'redis'] } });
  try {
    const count = Number(process.env.BENCH_SUBMISSIONS ?? 300);
    console.log(
      `\nScenario: registration submissions (argon2id m=19 MiB t=2 p=1, FerretDB, outbox → JetStream), ${count} at concurrency 8`,
    );
    const r = await registrationThroughput(sys, count, 8);
    for (const [i, round] of r.rounds.entries())
      console.log(
        `  round ${i + 1}: raw @node-rs/argon2 hash ${round.raw.toFixed(1)}/s, then submissions (real service) ${round.load.toFixed(1)}/s → ×${round.ratio.toFixed(3)}`,
      );
    console.log(`  statuses ${JSON.stringify(r.statuses)}`);
    console.log(`  latency p50=${fmt(r.latency.p50)} p90=${fmt(r.latency.p90)} p99=${fmt(r.latency.p99)} max=${fmt(r.latency.max)}`);
    const ratio = r.median.ratio;
    console.log(
      `  ratio submissions/raw hashes, median of ${r.rounds.length} rounds ×${ratio.toFixed(3)} (target ≥ 0.5: ${ratio >= 0.5 ? 'met' : 'NOT met'}); p99 ≤ 250 ms: ${r.latency.p99 <= 250 ? 'met' : 'NOT met'}`,
    );
  } finally {
    await sys.stop();
  }
}

if (!only || only === 'login') {
  const sys = await startSystem({
    services: ['registration'],
    infra: { only: ['mongo', 'nats', 'redis'] },
    // One client IP sends every login: the per-IP limit (30/min by default) would answer 429 otherwise.
    env: { registration: { LOGIN_RATE_PER_IP_PER_MINUTE: '1000000' } },
  });
  try {
    const count = Number(process.env.BENCH_LOGINS ?? 600);
    const accounts = 50;
    const cores = availableParallelism();
    console.log(
      `\nScenario: password logins (argon2id verify m=19 MiB t=2 p=1, FerretDB, session token, audit), ${count} at concurrency 8 over ${accounts} active accounts`,
    );
    const r = await loginThroughput(sys, count, 8, accounts);
    console.log(`  setup: ${accounts} accounts submitted, approved, active and relayed in ${(r.setupMs / 1000).toFixed(1)} s`);
    for (const [i, round] of r.rounds.entries())
      console.log(
        `  round ${i + 1}: raw @node-rs/argon2 verify ${round.raw.toFixed(1)}/s, then logins (real service) ${round.load.toFixed(1)}/s → ×${round.ratio.toFixed(3)}`,
      );
    console.log(`  statuses ${JSON.stringify(r.statuses)}`);
    console.log(`  latency p50=${fmt(r.latency.p50)} p90=${fmt(r.latency.p90)} p99=${fmt(r.latency.p99)} max=${fmt(r.latency.max)}`);
    const ratio = r.median.ratio;
    console.log(
      `  ratio logins/raw verifies, median of ${r.rounds.length} rounds ×${ratio.toFixed(3)} (target ≥ 0.6: ${ratio >= 0.6 ? 'met' : 'NOT met'}); p99 ≤ 300 ms: ${r.latency.p99 <= 300 ? 'met' : 'NOT met'}`,
    );
    const b = r.cpuBaseline;
    const l = r.cpuLoad;
    const perOp = (cpuSeconds: number) => `${((1000 * cpuSeconds) / (count * r.rounds.length)).toFixed(1)} ms CPU each`;
    console.log(
      `  cores busy, raw baseline: bench ${b.self.toFixed(2)} (${perOp(b.self * b.seconds)}), other processes ${b.rest.toFixed(2)}`,
    );
    console.log(
      `  cores busy, logins: service ${l.service.toFixed(2)} (${perOp(l.serviceCpuSeconds)}), load generator ${l.self.toFixed(2)}, other processes (FerretDB, Redis, NATS, …) ${l.rest.toFixed(2)}`,
    );
    console.log(
      `  per core: ${(r.median.load / cores).toFixed(1)} logins/s per core (${cores} cores, load generator on the same machine); Keycloak's published sizing: 15 password logins/s per vCPU`,
    );
  } finally {
    await sys.stop();
  }
}

if (!only || only === 'reminder') {
  const sys = await startSystem({
    services: ['registration'],
    infra: { only: ['mongo', 'nats', 'redis'] },
    // The answer alone is timed: limits off, the background jobs held back until after the measurement.
    env: {
      registration: {
        REMINDER_RATE_PER_IP_PER_HOUR: '1000000',
        REMINDER_RATE_PER_ACCOUNT_PER_HOUR: '1000000',
        REMINDER_JOB_DELAY_MS: '3600000',
      },
    },
  });
  try {
    console.log('\nScenario: "Przypomnij hasło" answer time, existing vs unknown account (pairs in random order, 5 rounds)');
    const r = await reminderTiming(sys);
    for (const [i, round] of r.rounds.entries())
      console.log(`  round ${i + 1}: existing p50=${fmt(round.a)}, unknown p50=${fmt(round.b)} → gap ${(100 * round.gap).toFixed(1)} %`);
    console.log(`  distinct answers (status + body): ${r.distinctBodies} (must be 1)`);
    console.log(
      `  median round gap ${(100 * r.medianGap).toFixed(1)} % (target ≤ 10 %: ${r.medianGap <= 0.1 && r.distinctBodies === 1 ? 'met' : 'NOT met'})`,
    );
  } finally {
    await sys.stop();
  }
}

if (!only || only === 'scans') {
  const sys = await startSystem({
    services: ['registration', 'document-intake'],
    infra: { only: ['mongo', 'nats', 'redis'] },
    // Extra environment for the intake service while profiling, e.g. '{"NODE_OPTIONS":"--require /tmp/profile.cjs"}'.
    env: { 'document-intake': process.env.BENCH_INTAKE_ENV ? (JSON.parse(process.env.BENCH_INTAKE_ENV) as Record<string, string>) : {} },
  });
  try {
    const count = Number(process.env.BENCH_SCANS ?? 200);
    console.log(
      `\nScenario: scans end to end (mailroom upload → GridFS → intake-scan job → QR → match → intake.scan.matched.v1), ${count} at concurrency 8`,
    );
    const results = await scanThroughput(sys, count, 8);
    for (const r of results) {
      console.log(`  ${r.label} (${(r.bytes / 1024).toFixed(0)} kB), raw decode in ${r.threads} worker threads of the bench process:`);
      for (const [i, round] of r.rounds.entries())
        console.log(
          `    round ${i + 1}: raw zxing decode ${round.raw.toFixed(1)}/s, then scans end to end ${round.load.toFixed(1)}/s → ×${round.ratio.toFixed(3)}`,
        );
      console.log(`    outcomes ${JSON.stringify(r.outcomes)}`);
      console.log(`    latency upload → outcome, all uploaded at once: p50=${fmt(r.latency.p50)} p99=${fmt(r.latency.p99)} (a backlog)`);
      const p = r.pacedLatency;
      console.log(
        `    latency upload → outcome at a steady ${r.pacedRate}/s: p50=${fmt(p.p50)} p90=${fmt(p.p90)} p99=${fmt(p.p99)} max=${fmt(p.max)}`,
      );
      const ratio = r.median.ratio;
      console.log(
        `    median of ${r.rounds.length} rounds ×${ratio.toFixed(3)} (target ≥ 0.7: ${ratio >= 0.7 ? 'met' : 'NOT met'}); ${r.median.load.toFixed(1)} scans/s (target ≥ 30: ${r.median.load >= 30 ? 'met' : 'NOT met'}); p99 ≤ 1 s at ${r.pacedRate}/s: ${p.p99 <= 1000 ? 'met' : 'NOT met'}`,
      );
      console.log(
        `    for comparison: the service's own analysis (likely region first) in ${r.threads} threads, no HTTP or storage: ${r.ownAnalysisRate.toFixed(1)}/s; end to end is ×${(r.median.load / r.ownAnalysisRate).toFixed(3)} of it`,
      );
      const perScan = (cores: number) => `${((1000 * cores * r.cpu.seconds) / r.scansMeasured).toFixed(1)} ms CPU per scan`;
      console.log(
        `    cores busy under load: intake ${r.cpu.service.toFixed(2)} (${perScan(r.cpu.service)}), load generator ${r.cpu.self.toFixed(2)}, other processes ${r.cpu.rest.toFixed(2)} (${perScan(r.cpu.rest)}): ${Object.entries(
          r.cpu.others,
        )
          .map(([name, cores]) => `${name} ${cores.toFixed(2)} (${perScan(cores)})`)
          .join(', ')}`,
      );
    }
    const first = results[0]!;
    const rate = first.median.load;
    console.log(
      `  Paperless-ngx (not run here) OCRs every page, "tens of seconds per page": taking 10–30 s per page and one page at a time, the ${first.label} figure is ×${(rate * 10).toFixed(0)}–×${(rate * 30).toFixed(0)} of that`,
    );
  } finally {
    await sys.stop();
  }
}

if (!only || only === 'review') {
  const sys = await startSystem({
    services: ['registration', 'approval'],
    infra: { only: ['mongo', 'nats', 'redis'] },
    // The heap deploy/k8s gives approval: the in-memory queue must fit it (ADR 0008).
    env: { approval: { NODE_OPTIONS: '--max-old-space-size=192' } },
  });
  try {
    const count = Number(process.env.BENCH_REVIEW_ITEMS ?? 100_000);
    const samples = Number(process.env.BENCH_REVIEW_SAMPLES ?? 200);
    console.log(
      `\nScenario: review list and review page with ${count} applications in approval's read model, ${samples} requests each, one at a time`,
    );
    const r = await reviewList(sys, count, samples);
    console.log(`  seeded ${r.items} review items in ${r.seedSeconds.toFixed(1)} s`);
    console.log(
      `  approval restarted and ready (queue index loaded) in ${r.loadSeconds.toFixed(1)} s; resident memory ${r.approvalIdleRssMb ?? '?'} MB idle with an empty queue, ${r.approvalRssMb ?? '?'} MB after the cases`,
    );
    for (const c of r.cases)
      console.log(
        c.timedOut
          ? `  ${c.label}: a request took over 15 s after ${c.latency.n} samples (target p99 ≤ 50 ms: NOT met)`
          : `  ${c.label}: p50=${fmt(c.latency.p50)} p99=${fmt(c.latency.p99)} max=${fmt(c.latency.max)} (target p99 ≤ 50 ms: ${c.latency.p99 <= 50 ? 'met' : 'NOT met'})`,
      );
  } finally {
    await sys.stop();
  }
}

if (!only || only === 'emails') {
  const count = Number(process.env.BENCH_EMAILS ?? 2_000);
  console.log(`\nScenario: e-mails from event to SMTP-accepted, ${count} mails into a null SMTP sink (smtp-server), pool of 5 connections`);
  const r = await emailThroughput(count);
  const ratio = r.service.perSecond / r.raw.perSecond;
  for (const [i, round] of r.rounds.entries())
    console.log(
      `  round ${i + 1}: raw pooled nodemailer ${round.raw.toFixed(0)} mails/s, service ${round.load.toFixed(0)} mails/s, ratio ×${round.ratio.toFixed(2)}`,
    );
  console.log(`  baseline (median round): raw pooled nodemailer → the same sink: ${r.raw.perSecond.toFixed(0)} mails/s`);
  console.log(
    `  service (median round): event → JetStream → ledger → BullMQ → nodemailer → sink: ${r.service.perSecond.toFixed(0)} mails/s, ratio ×${ratio.toFixed(2)}`,
  );
  console.log(
    `  target ≥ 0.5 × baseline and ≥ 200/s: ${ratio >= 0.5 && r.service.perSecond >= 200 ? 'met' : 'NOT met'}; duplicates accepted by the sink: ${r.duplicates}`,
  );
  const perMail = (cores: number) => `${((1000 * cores * r.cpu.seconds) / (r.count * r.rounds.length)).toFixed(2)} ms CPU per e-mail`;
  console.log(
    `  cores busy during the bursts: ${Object.entries(r.cpu.others)
      .map(([name, cores]) => `${name} ${cores.toFixed(2)} (${perMail(cores)})`)
      .join(', ')}, bench (publisher + sink) ${r.cpu.self.toFixed(2)}`,
  );
  const s = r.steady;
  console.log(
    `  steady ${s.rate}/s (70 %): enqueue (ledger claim) → accepted p50=${fmt(s.enqueueToAccepted.p50)} p99=${fmt(s.enqueueToAccepted.p99)} max=${fmt(s.enqueueToAccepted.max)} (target p99 ≤ 2 s: ${s.enqueueToAccepted.p99 <= 2_000 ? 'met' : 'NOT met'})`,
  );
  console.log(`  steady: event published → accepted p50=${fmt(s.eventToAccepted.p50)} p99=${fmt(s.eventToAccepted.p99)}`);
  console.log(
    `  steady: accepted by the sink → ledger stamped sent p50=${fmt(s.acceptedToMarked.p50)} p99=${fmt(s.acceptedToMarked.p99)} max=${fmt(s.acceptedToMarked.max)} (a crash inside this window sends the e-mail twice; the ledger write adds its own time)`,
  );
}

if (!only || only === 'replicas') {
  // Issue #8, scale-out: the same pipelines with one and with two replicas of the service doing the work, on
  // the same 2 cores (a second replica can only use what the first leaves idle; on more machines it adds cores).
  const count = Number(process.env.BENCH_REPLICA_EMAILS ?? 2_000);
  console.log(`\nScenario: scale-out, e-mail pipeline with 1 and 2 notification replicas (${count} mails each)`);
  const emails = [await emailThroughput(count, 1), await emailThroughput(count, 2)];
  for (const [i, r] of emails.entries())
    console.log(
      `  ${i + 1} replica(s): ${r.service.perSecond.toFixed(0)} mails/s (raw nodemailer in the same run ${r.raw.perSecond.toFixed(0)}/s); duplicates ${r.duplicates}`,
    );
  console.log(`  two/one ×${(emails[1]!.service.perSecond / emails[0]!.service.perSecond).toFixed(2)}`);

  const scans = Number(process.env.BENCH_REPLICA_SCANS ?? 150);
  console.log(`\nScenario: scale-out, scan pipeline with 1 and 2 document-intake replicas (${scans} scans per file type, one round)`);
  const rates: Record<string, number[]> = {};
  for (const replicas of [1, 2]) {
    const sys = await startSystem({
      services: ['registration', 'document-intake'],
      infra: { only: ['mongo', 'nats', 'redis'] },
      // Extra environment for the intake service while profiling, e.g. '{"NODE_OPTIONS":"--require /tmp/profile.cjs"}'.
      env: { 'document-intake': process.env.BENCH_INTAKE_ENV ? (JSON.parse(process.env.BENCH_INTAKE_ENV) as Record<string, string>) : {} },
    });
    try {
      if (replicas === 2) await sys.startReplica('document-intake');
      for (const r of await scanThroughput(sys, scans, 8, 1)) (rates[r.label] ??= []).push(r.median.load);
    } finally {
      await sys.stop();
    }
  }
  for (const [label, [one, two]] of Object.entries(rates))
    console.log(
      `  ${label}: 1 replica ${one!.toFixed(1)} scans/s, 2 replicas ${two!.toFixed(1)} scans/s → two/one ×${(two! / one!).toFixed(2)}`,
    );
}
