import { SERVICE_NAMES } from '@cas/testing';
import type { FlowResult, WorkloadContext } from './workload.js';

/** What the APIs answered while a server was down. */
export interface ProbeTally {
  /** Answers below 500 (served from what still works, or a 4xx). */
  answered: number;
  /** 503 with Retry-After: "a dependency is down, ask again". */
  unavailable: number;
  /** Other answers ≥ 500, or a 503 without Retry-After: what an outage must not cause. */
  serverErrors: string[];
  /** No answer within HANG_MS: the hang DESIGN §6 forbids. */
  hung: string[];
  slowestMs: number;
}

/**
 * Longest acceptable answer while a server is down. The database driver gives up on an unreachable server after
 * 5 s (serverSelectionTimeoutMS in @cas/mongo), Redis producers after one retry; 8 s leaves room for a busy machine.
 */
const HANG_MS = 8_000;

/**
 * Asks each service what a user, the mailroom and an administrator would ask (reads and a failed login, which
 * touch the database, Redis and the session keys) plus `/readyz`, every second for `durationMs`.
 */
export async function probeApis(ctx: WorkloadContext, known: FlowResult, durationMs: number): Promise<ProbeTally> {
  const base = (name: (typeof SERVICE_NAMES)[number]) => ctx.sys.service(name).baseUrl;
  const probes: { what: string; send: (signal: AbortSignal) => Promise<Response> }[] = [
    {
      what: 'registration: application status',
      send: (signal) =>
        fetch(
          `${base('registration')}/api/v1/applications/status?number=${encodeURIComponent(known.number)}&email=${encodeURIComponent(known.email)}`,
          { signal },
        ),
    },
    {
      // An unknown login: a failed login of a real one would count towards blocking it.
      what: 'registration: login',
      send: (signal) =>
        fetch(`${base('registration')}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ login: 'nikt-w-awarii', password: 'Zle-haslo-123456!' }),
          signal,
        }),
    },
    {
      what: 'document-intake: scan status',
      send: (signal) =>
        fetch(`${base('document-intake')}/api/v1/scans/${known.scanId}`, {
          headers: { authorization: `Bearer ${ctx.mailroomKey}` },
          signal,
        }),
    },
    {
      what: 'approval: review item',
      send: (signal) => fetch(`${base('approval')}/api/v1/review-items/${known.id}`, { headers: { cookie: ctx.adminCookie }, signal }),
    },
    ...SERVICE_NAMES.map((name) => ({
      what: `${name}: /readyz`,
      send: (signal: AbortSignal) => fetch(`${base(name)}/readyz`, { signal }),
    })),
  ];
  const tally: ProbeTally = { answered: 0, unavailable: 0, serverErrors: [], hung: [], slowestMs: 0 };
  const end = Date.now() + durationMs;
  do {
    const round = Date.now();
    await Promise.all(
      probes.map(async ({ what, send }) => {
        const started = Date.now();
        try {
          const res = await send(AbortSignal.timeout(HANG_MS));
          await res.arrayBuffer();
          tally.slowestMs = Math.max(tally.slowestMs, Date.now() - started);
          const readiness = what.endsWith('/readyz');
          if (res.status < 500) tally.answered++;
          else if (res.status === 503 && (readiness || res.headers.get('retry-after'))) tally.unavailable++;
          else tally.serverErrors.push(`${what}: ${res.status}`);
        } catch (e) {
          if ((e as Error).name === 'TimeoutError') tally.hung.push(`${what} after ${Date.now() - started} ms`);
          // Connection refused: the service process itself was not listening. Nothing here kills services, so
          // that is a crash caused by the outage.
          else tally.serverErrors.push(`${what}: ${(e as Error).message}`);
        }
      }),
    );
    await new Promise((r) => setTimeout(r, Math.max(0, 1_000 - (Date.now() - round))));
  } while (Date.now() < end);
  return tally;
}
