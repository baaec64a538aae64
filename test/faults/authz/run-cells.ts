import type { System } from '@cas/testing';
import { CALLERS, HOME, otherVoivodeship, send, type Caller } from './callers.js';
import { classify, type Observed } from './classify.js';
import type { Fixtures } from './fixtures.js';
import { expectedOutcome, type CellContext, type Endpoint, type Outcome, type Scope } from './policy.js';

export interface Cell {
  endpoint: Endpoint;
  caller: Caller;
  scope: Scope;
  expected: Outcome;
}

export interface CellResult extends Cell {
  observed: Observed;
  detail: string;
}

export const endpointName = (e: Endpoint) => `${e.service} ${e.method} ${e.route}`;

/**
 * The cells of an endpoint: per caller, own and foreign when it addresses a resource, else one `n/a` cell.
 * Deny cells first: an allowed change (approve, assign, retry…) then cannot hide a later deny behind a 409.
 */
export function cellsOf(endpoint: Endpoint): Cell[] {
  const scopes: Scope[] = endpoint.resource ? ['own', 'foreign'] : ['n/a'];
  const cells = CALLERS.flatMap((caller) =>
    scopes.map((scope) => ({ endpoint, caller, scope, expected: expectedOutcome(endpoint.access, caller, scope) })),
  );
  return [...cells.filter((c) => c.expected !== 'allow'), ...cells.filter((c) => c.expected === 'allow')];
}

/**
 * Runs every cell, one request at a time: all reads (phase 1) of every endpoint, then the changes (phase 2),
 * then the logouts (phase 3), so no change or ended session can alter a cell that runs after it.
 */
export async function runCells(sys: System, fx: Fixtures, endpoints: Endpoint[]): Promise<CellResult[]> {
  const results: CellResult[] = [];
  let seq = 0;
  for (const phase of [1, 2, 3] as const)
    for (const endpoint of endpoints.filter((e) => e.phase === phase))
      for (const cell of cellsOf(endpoint)) {
        const v = cell.scope === 'foreign' ? otherVoivodeship(HOME[cell.caller]) : HOME[cell.caller];
        const ctx: CellContext = { fx, caller: cell.caller, scope: cell.scope, side: fx.sides[v], v, seq: ++seq };
        const req = { service: endpoint.service, method: endpoint.method, page: endpoint.page, ...endpoint.request(ctx) };
        try {
          const res = await send(sys, fx.creds, cell.caller, req);
          results.push({ ...cell, ...(await classify(res, endpoint, ctx)) });
        } catch (e) {
          results.push({ ...cell, observed: 'error', detail: `no answer: ${(e as Error).message}` });
        }
      }
  return results;
}
