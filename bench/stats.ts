import { readFileSync } from 'node:fs';

/** Percentiles over a sample of milliseconds (nearest-rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] ?? NaN;
}

export function summarise(samples: number[]): { n: number; p50: number; p90: number; p99: number; max: number; mean: number } {
  const s = [...samples].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return { n: s.length, p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN, mean };
}

export const fmt = (ms: number) => `${ms.toFixed(3)} ms`;

/** Runs `fire(i)` at a fixed rate for `count` iterations without waiting for each to finish. */
export async function atRate(perSecond: number, count: number, fire: (i: number) => Promise<void>): Promise<void> {
  const start = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / perSecond;
    const wait = due - performance.now();
    // Always yield: publisher and consumer share this event loop, and a loop that fell behind schedule must not
    // fire a long burst without letting the consumer run (that would measure the harness, not the pipeline).
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    else await new Promise((r) => setImmediate(r));
    pending.push(fire(i));
  }
  await Promise.all(pending);
}

/** Runs `count` tasks with at most `concurrency` at a time; results in task order. */
export async function pool<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}

export interface Round {
  raw: number;
  load: number;
  ratio: number;
}

/**
 * The machine's speed drifts by ±10 % within a minute here, so a baseline measured once before a load phase
 * compares different machines. `rounds` × (settle, baseline, load): each round gives its own ratio of the load's
 * rate to the baseline measured just before it, and the round with the median ratio is the figure.
 */
export async function alternate(
  rounds: number,
  phases: { settle?: () => Promise<void>; baseline: () => Promise<number>; load: () => Promise<number> },
): Promise<{ rounds: Round[]; median: Round }> {
  const out: Round[] = [];
  for (let i = 0; i < rounds; i++) {
    await phases.settle?.();
    const raw = await phases.baseline();
    const load = await phases.load();
    out.push({ raw, load, ratio: load / raw });
  }
  const sorted = [...out].sort((a, b) => a.ratio - b.ratio);
  return { rounds: out, median: sorted[Math.floor(sorted.length / 2)]! };
}

/** utime + stime of one process in seconds (Linux); NaN when it cannot be read. */
function processCpu(pid: number | undefined): number {
  try {
    const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = st.slice(st.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime (fields 14, 15), USER_HZ = 100
  } catch {
    return NaN; // not Linux, or the process is gone
  }
}

/**
 * CPU seconds so far: the whole machine (busy, from /proc/stat), this process, the service process, and any
 * other named processes (FerretDB, NATS, …: the rest of the machine split by who used it). Linux only.
 */
export function cpuNow(servicePid: number | undefined, named: Record<string, number[]> = {}) {
  let machine = NaN;
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    // user nice system idle iowait irq softirq steal: busy = all but idle and iowait
    machine = (f.reduce((a, b) => a + b, 0) - f[3]! - f[4]!) / 100;
  } catch {
    // not Linux: NaN
  }
  const others = Object.fromEntries(Object.entries(named).map(([name, pids]) => [name, pids.reduce((a, pid) => a + processCpu(pid), 0)]));
  const self = process.cpuUsage();
  return { at: performance.now(), machine, service: processCpu(servicePid), self: (self.user + self.system) / 1e6, others };
}

/** Cores used between two snapshots: by the service, by this process (load generator or raw hashing), by the rest. */
export function coresBetween(a: ReturnType<typeof cpuNow>, b: ReturnType<typeof cpuNow>) {
  const s = (b.at - a.at) / 1000;
  const service = (b.service - a.service) / s;
  const self = (b.self - a.self) / s;
  const machine = (b.machine - a.machine) / s;
  const others = Object.fromEntries(Object.keys(b.others).map((k) => [k, (b.others[k]! - (a.others[k] ?? NaN)) / s]));
  return { seconds: s, service, self, rest: machine - service - self, serviceCpuSeconds: b.service - a.service, others };
}

export type CoresUsed = ReturnType<typeof coresBetween>;

/** Two measurements over successive windows as one: CPU seconds add up, cores are their time-weighted mean. */
export function addCores(a: CoresUsed | undefined, b: CoresUsed): CoresUsed {
  if (!a) return b;
  const s = a.seconds + b.seconds;
  const mean = (x: number, y: number) => (x * a.seconds + y * b.seconds) / s;
  return {
    seconds: s,
    service: mean(a.service, b.service),
    self: mean(a.self, b.self),
    rest: mean(a.rest, b.rest),
    serviceCpuSeconds: a.serviceCpuSeconds + b.serviceCpuSeconds,
    others: Object.fromEntries(Object.keys(b.others).map((k) => [k, mean(a.others[k] ?? NaN, b.others[k]!)])),
  };
}
