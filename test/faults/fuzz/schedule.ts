import type { ServiceName } from '@cas/testing';
import { corpus } from './corpus.js';
import { generate, type FuzzLimits } from './requests.js';
import { callerFor, newStats, runJobs, type EndpointStats, type Job } from './runner.js';
import { endpointName, type Caller, type Credentials, type Endpoint } from './types.js';

/** A stable seed per endpoint from the run's seed, so adding an endpoint does not change the others' inputs. */
export function endpointSeed(seed: number, e: Endpoint): number {
  let h = seed | 0;
  for (const c of endpointName(e)) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
  return h;
}

/** Who gets corpus entry `j`: anonymous, and an authorized caller in turn (a unit user's session for public endpoints). */
const corpusCallers = (e: Endpoint, j: number): Caller[] => ['anonymous', e.callers.length ? e.callers[j % e.callers.length]! : 'user'];

/** The generated inputs and the corpus of one endpoint, each with its caller. */
function* endpointJobs(e: Endpoint, stats: EndpointStats, base: URL, runs: number, seed: number, limits: FuzzLimits): Generator<Job> {
  const generated = generate(e, runs, endpointSeed(seed, e), limits);
  stats.generated = generated.length;
  for (const [i, r] of generated.entries()) yield { base, stats, request: { ...r, caller: callerFor(e, i) } };
  for (const [j, r] of corpus(e, endpointSeed(seed, e), limits.scanMaxFileBytes).entries())
    for (const caller of corpusCallers(e, j)) yield { base, stats, request: { ...r, caller } };
}

/**
 * Endpoints whose answers get slower with what the fuzz itself writes (the audit trails: every failed login adds
 * an entry, and FerretDB sorts the whole collection), fuzzed first so the run time does not depend on the order.
 */
const growsWithRun = (e: Endpoint) => /\/(audit|admin|audyt)$/.test(e.path);

/** The endpoints in the order they are fuzzed: audit readers first, then the services taken in turn. */
export function order(endpoints: Endpoint[]): Endpoint[] {
  const byService = new Map<string, Endpoint[]>();
  const sorted = [...endpoints.filter(growsWithRun), ...endpoints.filter((e) => !growsWithRun(e))];
  for (const e of sorted) byService.set(e.service, [...(byService.get(e.service) ?? []), e]);
  const queues = [...byService.values()];
  const out: Endpoint[] = [];
  while (queues.some((q) => q.length)) for (const q of queues) if (q.length) out.push(q.shift()!);
  return out;
}

/**
 * Runs every endpoint's jobs in lanes, one per group of services, each lane one endpoint at a time with
 * `perLane` requests in flight: with registration (half the endpoints, and the costliest) in a lane of its own,
 * two service processes are busy at once on the two cores, and a slow endpoint holds up only its own lane. A
 * lane that is through its own endpoints takes over from the one with most left. Inputs are generated when an
 * endpoint's turn comes (a megabyte body only when it is sent).
 */
export async function runAll(
  endpoints: Endpoint[],
  baseUrl: (e: Endpoint) => string,
  credentials: Credentials,
  opts: { runs: number; seed: number; limits: FuzzLimits; lanes: ServiceName[][]; perLane: number; timeoutMs: number },
): Promise<void> {
  const queues = opts.lanes.map((services) => order(endpoints.filter((x) => services.includes(x.service))));
  const next = (own: Endpoint[]) => own.shift() ?? queues.reduce((a, b) => (b.length > a.length ? b : a)).shift();
  const lane = async (own: Endpoint[]) => {
    for (let e = next(own); e; e = next(own))
      await runJobs(
        endpointJobs(e, statsFor(e), new URL(baseUrl(e)), opts.runs, opts.seed, opts.limits),
        credentials,
        opts.perLane,
        opts.timeoutMs,
      );
  };
  await Promise.all(queues.map(lane));
}

const registry = new Map<Endpoint, EndpointStats>();
/** The stats of an endpoint (one object per endpoint for the whole run). */
export function statsFor(e: Endpoint): EndpointStats {
  if (!registry.has(e)) registry.set(e, newStats(e));
  return registry.get(e)!;
}
