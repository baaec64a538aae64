/**
 * `npm run bench`: measures and prints; asserts nothing (DESIGN §9, §10). Each scenario reports absolute
 * figures and a ratio against a baseline taken in the same run, on the same infrastructure instances.
 */
import { startLocalInfra } from '@cas/testing';
import { eventLatency } from './event-latency.js';
import { fmt } from './stats.js';

const infra = await startLocalInfra({ only: ['nats'] });
try {
  const rate = Number(process.env.BENCH_RATE ?? 1_000);
  const count = Number(process.env.BENCH_EVENTS ?? 10_000);
  console.log(`\nScenario: event latency publish → consume, ${count} events at ${rate}/s (JetStream, file storage, 1 server)`);
  const r = await eventLatency(infra, rate, count);
  const row = (name: string, s: typeof r.events) =>
    `  ${name.padEnd(42)} n=${String(s.n).padEnd(6)} p50=${fmt(s.p50).padEnd(11)} p90=${fmt(s.p90).padEnd(11)} p99=${fmt(s.p99).padEnd(11)} max=${fmt(s.max)}`;
  console.log(row('event: publish (PubAck) → handler', r.events));
  console.log(row('baseline: raw NATS request/reply RTT', r.requestReply));
  console.log(
    `  ratio event/baseline: p50 ×${(r.events.p50 / r.requestReply.p50).toFixed(2)}, p99 ×${(r.events.p99 / r.requestReply.p99).toFixed(2)}`,
  );
  console.log(`  target p99 ≤ 5 ms at 1,000 events/s: ${r.events.p99 <= 5 ? 'met' : 'NOT met'} (${fmt(r.events.p99)})`);
} finally {
  await infra.stop();
}
