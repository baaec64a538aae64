import { SERVICE_NAMES } from '@cas/testing';
import { printTable } from '../invariants.js';
import { CALLERS } from './callers.js';
import { RULES, type Access, type Endpoint, type Outcome } from './policy.js';
import { cellsOf, endpointName, type CellResult } from './run-cells.js';

const LETTER: Record<Outcome, string> = { allow: 'A', login: 'L', forbidden: 'F', hidden: 'H' };

/** One line per mismatch, the same in the table and in the assertion. */
export const mismatchLine = (m: CellResult) =>
  `${endpointName(m.endpoint)} × ${m.caller} (${m.scope}): expected ${m.expected}, got ${m.observed} (${m.detail})`;

/** The policy as it was asserted: per kind of endpoint, own/foreign per caller (A allow, L login, F 403, H 404). */
export function printPolicy(endpoints: Endpoint[]): void {
  const used = (Object.keys(RULES) as Access[]).filter((a) => endpoints.some((e) => e.access === a));
  printTable(`Policy (own/foreign): ${CALLERS.join(', ')}`, [
    ...used.map((access): [string, string] => [
      `${access} (${endpoints.filter((e) => e.access === access).length} endpoints)`,
      CALLERS.map((c) => RULES[access][c].map((o) => LETTER[o]).join('/')).join('  '),
    ]),
  ]);
}

/** The table the matrix ends with: what it asserted and what did not hold, readable without the code. */
export function printMatrix(endpoints: Endpoint[], results: CellResult[], timings: { fixturesMs: number; cellsMs: number }): void {
  const count = (f: (r: CellResult) => boolean) => results.filter(f).length;
  const resources = endpoints.filter((e) => e.resource).length;
  const mismatches = results.filter((r) => r.observed !== r.expected);
  printTable('Authorization matrix (all services)', [
    ['endpoints (API operations, pages and forms, platform)', endpoints.length],
    ['  with a resource: own + foreign cells per caller', resources],
    ['  without one: one n/a cell per caller', endpoints.length - resources],
    ['callers', CALLERS.length],
    ['cells total', endpoints.reduce((n, e) => n + cellsOf(e).length, 0)],
    ...SERVICE_NAMES.map((s): [string, number] => [`  ${s}`, count((r) => r.endpoint.service === s)]),
    ['cells asserted', results.length],
    ['expected allow / deny', `${count((r) => r.expected === 'allow')} / ${count((r) => r.expected !== 'allow')}`],
    ['allowed (observed)', count((r) => r.observed === 'allow')],
    ['denied (observed)', count((r) => r.observed !== 'allow' && r.observed !== 'error')],
    ['  401 / to the login page', count((r) => r.observed === 'login')],
    ['  403 wrong role', count((r) => r.observed === 'forbidden')],
    ['  404 / not listed / sent home', count((r) => r.observed === 'hidden')],
    ['5xx or no answer', count((r) => r.observed === 'error')],
    ['mismatches', mismatches.length],
    ...mismatches.map((m): [string, string] => ['  ✗', mismatchLine(m)]),
    ['fixtures built in (s)', (timings.fixturesMs / 1000).toFixed(1)],
    ['cells run in (s)', (timings.cellsMs / 1000).toFixed(1)],
  ]);
}
