import { mergeHeaders } from './headers.js';
import { send, type Outcome } from './send.js';
import { endpointName, type Caller, type Credentials, type Endpoint, type FuzzRequest } from './types.js';

/** Statuses for which an API answer must be an RFC 9457 problem document (DESIGN §5.2). */
export const PROBLEM_STATUSES = new Set([400, 401, 403, 404, 405, 409, 413, 415, 422, 429]);

export interface EndpointStats {
  endpoint: Endpoint;
  sent: number;
  generated: number;
  statuses: Map<number, number>;
  /** Examples (the first few) of each kind of failure. */
  serverErrors: string[];
  timeouts: string[];
  connectionErrors: string[];
  problemViolations: string[];
  serverErrorCount: number;
  timeoutCount: number;
  connectionErrorCount: number;
  problemViolationCount: number;
  slowestMs: number;
  /** Sum of the answer times, for the mean per endpoint. */
  totalMs: number;
}

export const newStats = (endpoint: Endpoint): EndpointStats => ({
  endpoint,
  sent: 0,
  generated: 0,
  statuses: new Map(),
  serverErrors: [],
  timeouts: [],
  connectionErrors: [],
  problemViolations: [],
  serverErrorCount: 0,
  timeoutCount: 0,
  connectionErrorCount: 0,
  problemViolationCount: 0,
  slowestMs: 0,
  totalMs: 0,
});

const EXAMPLES = 5;
const note = (list: string[], s: string) => {
  if (list.length < EXAMPLES) list.push(s);
};

/** Why an API answer is not a problem document, or null when it is one. */
function problemViolation(o: Extract<Outcome, { status: number }>): string | null {
  if (!o.contentType.startsWith('application/problem+json')) return `content-type ${o.contentType || '(none)'}`;
  try {
    const p = JSON.parse(o.body) as { status?: unknown; title?: unknown };
    if (p.status !== o.status || typeof p.title !== 'string') return `problem status ${String(p.status)} / title ${typeof p.title}`;
  } catch {
    return 'body is not JSON';
  }
  return null;
}

/** Records one answer; returns it for the caller's own checks. */
export function record(stats: EndpointStats, r: FuzzRequest, o: Outcome): void {
  stats.sent++;
  stats.slowestMs = Math.max(stats.slowestMs, o.ms);
  stats.totalMs += o.ms;
  const what = `${r.method} ${r.target.slice(0, 160)} as ${r.caller} [${r.label}]`;
  if ('failure' in o && o.failure === 'timeout') {
    stats.timeoutCount++;
    note(stats.timeouts, what);
    return;
  }
  if ('failure' in o) {
    stats.connectionErrorCount++;
    note(stats.connectionErrors, `${what}: ${o.detail}`);
    return;
  }
  stats.statuses.set(o.status, (stats.statuses.get(o.status) ?? 0) + 1);
  if (o.status >= 500) {
    stats.serverErrorCount++;
    note(stats.serverErrors, `${o.status} ${what}: ${o.body.slice(0, 300)}`);
  }
  const why = r.target.startsWith('/api/') && PROBLEM_STATUSES.has(o.status) && r.method !== 'HEAD' ? problemViolation(o) : null;
  if (why) {
    stats.problemViolationCount++;
    note(stats.problemViolations, `${o.status} ${what}: ${why}`);
  }
}

/** Who sends input `i`: the endpoint's authorized callers in turn, every fourth input anonymous (or, for public endpoints, with a session). */
export function callerFor(e: Endpoint, i: number): Caller {
  if (e.callers.length === 0) return i % 4 === 3 ? 'user' : 'anonymous';
  return i % 4 === 3 ? 'anonymous' : e.callers[i % e.callers.length]!;
}

export interface Job {
  base: URL;
  stats: EndpointStats;
  request: FuzzRequest;
}

/**
 * Sends `jobs` with `concurrency` requests in flight, each with its caller's credentials, recording every
 * answer. A request that cannot even be sent (the generator made something Node refuses) is a test bug.
 */
export async function runJobs(jobs: Iterable<Job>, credentials: Credentials, concurrency: number, timeoutMs: number): Promise<void> {
  const it = jobs[Symbol.iterator]();
  const worker = async () => {
    for (let next = it.next(); !next.done; next = it.next()) {
      const { base, stats, request: r } = next.value;
      const headers = mergeHeaders(credentials[r.caller ?? 'anonymous'], r.headers);
      let outcome: Outcome;
      try {
        outcome = await send(base, { ...r, headers }, timeoutMs);
      } catch (e) {
        throw new Error(`${endpointName(stats.endpoint)}: could not send ${r.method} ${r.target.slice(0, 100)} [${r.label}]: ${String(e)}`);
      }
      record(stats, r, outcome);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
