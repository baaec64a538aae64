import type { MongoClient } from 'mongodb';
import type { NatsConnection } from '@nats-io/nats-core';
import { approvedAccount, centralAdminSession, voivodeshipAdminSession } from './accounts.js';
import { sampleApplication } from './samples.js';
import type { System } from './system.js';

/** The five callers of the admin UI's authorization matrices (issue #6). */
export const MATRIX_ROLES = ['anonymous', 'user', 'admin26', 'admin14', 'central'] as const;
export type MatrixRole = (typeof MATRIX_ROLES)[number];

/** A double-submit CSRF token the test sends as both the `cas_csrf` cookie and the `_csrf` form field. */
export const MATRIX_CSRF = 'b'.repeat(43);

export interface RoleClient {
  /** Session cookies (`cas_session=…`); empty for anonymous. Mutable: a test may swap one. */
  cookies: Record<MatrixRole, string>;
  logins: Record<'user' | 'admin26' | 'admin14' | 'central', string>;
  /** A JSON API call as `who`. */
  call(method: string, path: string, who: MatrixRole, body?: unknown): Promise<Response>;
  /** A page request or form post as a browser sends it; with `_csrf` in the form, the CSRF cookie goes along. */
  page(method: string, path: string, who: MatrixRole, form?: Record<string, string>): Promise<Response>;
}

/**
 * Sessions for every role, made the way production makes them: a central admin from the CLI, admins of 26
 * (Świętokrzyskie) and 14 (Mazowieckie) created by it, and a unit user whose application was approved.
 * Requests go to `baseUrl` (the service under test).
 */
export async function roleClient(sys: System, mongo: MongoClient, nc: NatsConnection, tag: string, baseUrl: string): Promise<RoleClient> {
  const reg = sys.service('registration').baseUrl;
  const central = await centralAdminSession(reg, sys.infra, tag);
  const admin26 = await voivodeshipAdminSession(reg, nc, central.cookie, '26', tag);
  const admin14 = await voivodeshipAdminSession(reg, nc, central.cookie, '14', tag);
  const app = sampleApplication(`${tag}user`);
  const user = await approvedAccount({ registrationUrl: reg, mongo, nc }, app);
  const login = await fetch(`${reg}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: user.login, password: app.user.password }),
  });
  const userCookie = /cas_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0];
  if (!userCookie) throw new Error(`the unit user could not log in: ${login.status}`);
  const cookies: Record<MatrixRole, string> = {
    anonymous: '',
    user: userCookie,
    admin26: admin26.cookie,
    admin14: admin14.cookie,
    central: central.cookie,
  };
  return {
    cookies,
    logins: { user: user.login, admin26: admin26.login, admin14: admin14.login, central: central.login },
    call: (method, path, who, body) =>
      fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(cookies[who] ? { cookie: cookies[who] } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    page: (method, path, who, form) =>
      fetch(`${baseUrl}${path}`, {
        method,
        redirect: 'manual',
        headers: {
          accept: 'text/html,*/*;q=0.8',
          cookie: [cookies[who], form?._csrf ? `cas_csrf=${MATRIX_CSRF}` : ''].filter(Boolean).join('; '),
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(form ? { body: new URLSearchParams(form).toString() } : {}),
      }),
  };
}
