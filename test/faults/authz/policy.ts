import type { ServiceName } from '@cas/testing';
import type { Caller, Request, Voivodeship } from './callers.js';
import type { Fixtures, Side } from './fixtures.js';

/**
 * What a cell may answer, as the caller experiences it:
 * - `allow`: the request got past authorization: 2xx, a redirect that is not to the login page, or a refusal
 *   for a business reason (400, 409, 410, 422: "already decided", "not blocked", "wrong current password"…).
 *   That rule is what lets a mutating endpoint be asserted more than once: the first allowed caller approves,
 *   the next one gets 409, and both prove that authorization passed.
 * - `login`: not authenticated: 401 from an API (and from approval's and notification's pages, which show a
 *   link to the portal's login), or registration's redirect to `/logowanie?powrot=…`.
 * - `forbidden`: authenticated but the wrong role: 403 (approval, intake, notification: "Ta operacja jest
 *   dostępna tylko dla administratorów").
 * - `hidden`: the resource does not exist for this caller (DESIGN §7: cross-voivodeship access returns 404;
 *   registration answers 404 to non-admins on admin routes so that nothing about them leaks); for a list, a 200
 *   without the other voivodeship's item even when the query asks for it; for a page that sends the caller home
 *   instead (a CAS area without a grant), that redirect.
 */
export type Outcome = 'allow' | 'login' | 'forbidden' | 'hidden';
export type Scope = 'own' | 'foreign' | 'n/a';

/**
 * Who may do what, one row per kind of endpoint (DESIGN §3, §5.2, §7 and each service's guards as documented in
 * its OpenAPI and route comments):
 * - `public`: anybody (catalogues, registration form, login, health).
 * - `token`: the applicant's own credential (form token, number + e-mail); nobody else, and not for another
 *   application: 404, existence not revealed.
 * - `session`: any logged-in account (registration's `requireUser`: the unit user and admins alike).
 * - `owner`: a logged-in account, and only its own things (my permission requests; a CAS area I hold).
 * - `regAdmin`: registration's admin API/pages (`requireAdmin`): voivodeship admins within their voivodeship,
 *   the central admin everywhere, a unit user gets 404.
 * - `regAdminSelf`: an admin's own second factor (TOTP enrolment, code): any admin, a unit user gets 404.
 * - `regCentral`: the central admin only (voivodeship admins' accounts); everybody else logged in gets 404.
 * - `admin`: approval's, notification's and intake's admin endpoints (`@cas/http` `requireAdmin`): 401 without
 *   an admin token, 403 for a non-admin, tenancy by the token's voivodeship (404 for another's).
 * - `mailroom`: intake's mailroom API: a mailroom API key, scoped to the key's voivodeship.
 */
export type Access = 'public' | 'token' | 'session' | 'owner' | 'regAdmin' | 'regAdminSelf' | 'regCentral' | 'admin' | 'mailroom';

const A = 'allow';
const L = 'login';
const F = 'forbidden';
const H = 'hidden';
type Pair = readonly [own: Outcome, foreign: Outcome];
const both = (o: Outcome): Pair => [o, o];

/**
 * THE POLICY TABLE: expected outcome per kind of endpoint × caller × [own, foreign]. An endpoint without a
 * resource uses the first column (see the counting rule in authorization-matrix.test.ts). Written from DESIGN
 * and the services' intended rules, never from what the services answered.
 */
export const RULES: Record<Access, Record<Caller, Pair>> = {
  public: {
    anonymous: both(A),
    applicant: both(A),
    user: both(A),
    admin26: both(A),
    admin14: both(A),
    central: both(A),
    mailroom26: both(A),
    mailroom14: both(A),
  },
  token: {
    anonymous: both(H),
    applicant: [A, H],
    user: both(H),
    admin26: both(H),
    admin14: both(H),
    central: both(H),
    mailroom26: both(H),
    mailroom14: both(H),
  },
  session: {
    anonymous: both(L),
    applicant: both(L),
    user: both(A),
    admin26: both(A),
    admin14: both(A),
    central: both(A),
    mailroom26: both(L),
    mailroom14: both(L),
  },
  owner: {
    anonymous: both(L),
    applicant: both(L),
    user: [A, H],
    admin26: both(H),
    admin14: both(H),
    central: both(H),
    mailroom26: both(L),
    mailroom14: both(L),
  },
  regAdmin: {
    anonymous: both(L),
    applicant: both(L),
    user: both(H),
    admin26: [A, H],
    admin14: [A, H],
    central: both(A),
    mailroom26: both(L),
    mailroom14: both(L),
  },
  regAdminSelf: {
    anonymous: both(L),
    applicant: both(L),
    user: both(H),
    admin26: both(A),
    admin14: both(A),
    central: both(A),
    mailroom26: both(L),
    mailroom14: both(L),
  },
  regCentral: {
    anonymous: both(L),
    applicant: both(L),
    user: both(H),
    admin26: both(H),
    admin14: both(H),
    central: both(A),
    mailroom26: both(L),
    mailroom14: both(L),
  },
  admin: {
    anonymous: both(L),
    applicant: both(L),
    user: both(F),
    admin26: [A, H],
    admin14: [A, H],
    central: both(A),
    mailroom26: both(L),
    mailroom14: both(L),
  },
  mailroom: {
    anonymous: both(L),
    applicant: both(L),
    user: both(L),
    admin26: both(L),
    admin14: both(L),
    central: both(L),
    mailroom26: [A, H],
    mailroom14: [A, H],
  },
};

export function expectedOutcome(access: Access, caller: Caller, scope: Scope): Outcome {
  const [own, foreign] = RULES[access][caller];
  return scope === 'foreign' ? foreign : own;
}

/** What a cell's request is built from. */
export interface CellContext {
  fx: Fixtures;
  caller: Caller;
  scope: Scope;
  /** The fixtures of the addressed voivodeship (the caller's home for `own` and `n/a`, the other one for `foreign`). */
  side: Side;
  v: Voivodeship;
  /** Unique per cell, for bodies that create something (a login, a REGON). */
  seq: number;
}

export interface Endpoint {
  service: ServiceName;
  method: 'GET' | 'POST';
  /** The route as the service declares it (`:param`): the key the coverage check compares. */
  route: string;
  /** A page or form post (else a JSON API). */
  page: boolean;
  access: Access;
  /** Addresses a resource (or lists one voivodeship's): own and foreign cells; else one `n/a` cell per caller. */
  resource: boolean;
  /**
   * 1: reads; 2: changes state (the deny cells of an endpoint run before its allow cells, and all reads of every
   * endpoint before any change); 3: ends the caller's session (logout), last.
   */
  phase: 1 | 2 | 3;
  request(c: CellContext): Omit<Request, 'service' | 'method' | 'page'>;
  /** A list: whether the addressed item is in the 200 answer (absent = `hidden`). */
  visible?(body: string, c: CellContext): boolean;
  /** A redirect whose Location matches is this page's way of refusing (`hidden`), e.g. back to `/konto`. */
  hiddenRedirect?: RegExp;
}

/** `{ path }`, for the many endpoints that need nothing else. */
export const at = (path: string) => ({ path });
