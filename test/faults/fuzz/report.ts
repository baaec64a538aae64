import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { endpointName } from './types.js';
import type { EndpointStats } from './runner.js';

const histogram = (m: Map<number, number>) =>
  [...m.entries()]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');

const sum = (all: EndpointStats[], f: (s: EndpointStats) => number) => all.reduce((acc, s) => acc + f(s), 0);

/** The rows of the final table: totals, the status histogram, then one line per endpoint. */
export function tableRows(all: EndpointStats[], seconds: number, seed: number): [string, string | number][] {
  const statuses = new Map<number, number>();
  for (const s of all) for (const [k, n] of s.statuses) statuses.set(k, (statuses.get(k) ?? 0) + n);
  const services = [...new Set(all.map((s) => s.endpoint.service))];
  return [
    ['seed (CAS_FUZZ_SEED)', seed],
    ['endpoints', `${all.length} (${services.map((v) => `${v} ${all.filter((s) => s.endpoint.service === v).length}`).join(', ')})`],
    [
      'inputs sent (generated + corpus)',
      `${sum(all, (s) => s.sent)} (${sum(all, (s) => s.generated)} + ${sum(all, (s) => s.sent - s.generated)})`,
    ],
    ['fewest inputs on one endpoint', Math.min(...all.map((s) => s.sent))],
    ['duration', `${seconds.toFixed(0)} s (${(sum(all, (s) => s.sent) / seconds).toFixed(0)} requests/s)`],
    ...[...statuses.entries()].sort(([a], [b]) => a - b).map(([k, n]): [string, number] => [`  answered ${k}`, n]),
    ['answers ≥ 500', sum(all, (s) => s.serverErrorCount)],
    ['timeouts (no answer in time)', sum(all, (s) => s.timeoutCount)],
    ['connections dropped without an answer', sum(all, (s) => s.connectionErrorCount)],
    ['API 4xx not problem JSON', sum(all, (s) => s.problemViolationCount)],
    ['slowest answer', `${Math.max(...all.map((s) => s.slowestMs))} ms`],
    ...all.map((s): [string, string] => [
      `  ${endpointName(s.endpoint)}`,
      `${s.sent} · ${(s.totalMs / Math.max(s.sent, 1)).toFixed(0)} ms · ${histogram(s.statuses)}${s.serverErrorCount + s.timeoutCount + s.problemViolationCount + s.connectionErrorCount ? ' ✗' : ''}`,
    ]),
  ];
}

/** Every failure, with examples, for the assertion message. */
export function failures(all: EndpointStats[]): string[] {
  return all.flatMap((s) => {
    const name = endpointName(s.endpoint);
    return [
      ...(s.serverErrorCount ? [`${name}: ${s.serverErrorCount} answers ≥ 500, e.g.\n    ${s.serverErrors.join('\n    ')}`] : []),
      ...(s.timeoutCount ? [`${name}: ${s.timeoutCount} timeouts, e.g.\n    ${s.timeouts.join('\n    ')}`] : []),
      ...(s.connectionErrorCount ? [`${name}: ${s.connectionErrorCount} dropped, e.g.\n    ${s.connectionErrors.join('\n    ')}`] : []),
      ...(s.problemViolationCount
        ? [`${name}: ${s.problemViolationCount} not problem JSON, e.g.\n    ${s.problemViolations.join('\n    ')}`]
        : []),
    ];
  });
}

/**
 * Lines of a process log that mean a crash or an unhandled error: pino `fatal` (level 60), the services' own
 * unhandled-rejection line, and what Node prints when it dies of an uncaught exception or an unhandled 'error'
 * event (the stack is followed by `Node.js v20…`).
 */
const FATAL =
  /unhandledRejection|unhandled promise rejection|uncaughtException|Unhandled 'error' event|^Node\.js v\d|"level":60|FATAL ERROR|heap out of memory/i;

export const logSize = (file: string) => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};

/** The fatal lines a log got since byte `from` (the size before the run). */
export function fatalLines(file: string, from: number): string[] {
  const size = logSize(file);
  if (size <= from) return [];
  const buf = Buffer.alloc(size - from);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, buf.length, from);
  } finally {
    closeSync(fd);
  }
  return buf
    .toString('utf8')
    .split('\n')
    .filter((l) => FATAL.test(l))
    .map((l) => l.slice(0, 400));
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); 0 when it cannot be read. */
export function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Every process started under `pid` (services, FerretDB, NATS, Redis, Mailpit), from /proc. */
export function descendants(pid: number): number[] {
  const children = (p: number): number[] => {
    try {
      return readdirSync(`/proc/${p}/task`).flatMap((t) =>
        readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
      );
    } catch {
      return [];
    }
  };
  const out: number[] = [];
  for (let todo = children(pid); todo.length;) {
    const next = todo.pop()!;
    out.push(next);
    todo.push(...children(next));
  }
  return out;
}
