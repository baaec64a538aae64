import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { MongoClient } from 'mongodb';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { totpCode } from '@cas/auth';
import { ApprovalEvents, createEvent } from '@cas/contracts';
import type { Infra } from './infra.js';
import { repoRoot } from './paths.js';
import { waitFor } from './ports.js';

/** `approval.application.approved.v1` for an application, as the approval service publishes it. */
export async function publishApproved(
  nc: NatsConnection,
  app: { applicationId: string; number: string },
  decidedBy = '0190a000-0000-7000-8000-0000000000aa',
): Promise<void> {
  const approved = createEvent(
    ApprovalEvents.applicationApproved,
    { ...app, decidedBy, decidedAt: new Date().toISOString(), reasonCode: null, reasonText: null },
    { source: 'approval', correlationId: `approve-${app.applicationId}` },
  );
  await jetstream(nc).publish(approved.type, JSON.stringify(approved), { msgID: approved.id });
}

/**
 * An active account the way production makes one: the application through registration's API, then
 * `approval.application.approved.v1` as the approval service would publish it; resolves once the user exists.
 */
export async function approvedAccount(
  ctx: { registrationUrl: string; mongo: MongoClient; nc: NatsConnection },
  application: { user: { login: string }; [field: string]: unknown },
): Promise<{ userId: string; login: string; applicationId: string; number: string }> {
  const res = await fetch(`${ctx.registrationUrl}/api/v1/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(application),
  });
  if (res.status !== 201) throw new Error(`application refused: ${res.status} ${await res.text()}`);
  const { id, number } = (await res.json()) as { id: string; number: string };
  await publishApproved(ctx.nc, { applicationId: id, number });
  let userId = '';
  await waitFor('account active', async () => {
    const u = await ctx.mongo.db('cas_registration').collection('users').findOne({ login: application.user.login });
    userId = String(u?._id ?? '');
    return u?.status === 'active';
  });
  return { userId, login: application.user.login, applicationId: id, number };
}

/** Runs registration's `create-central-admin` CLI against the infrastructure; returns its exit status and output. */
export function createCentralAdminCli(
  infra: Pick<Infra, 'mongoUrl' | 'natsUrl' | 'redisUrl'>,
  admin: { login: string; email: string; firstName: string; lastName: string },
): { status: number | null; stdout: string; stderr: string; temporaryPassword: string } {
  const out = spawnSync(
    process.execPath,
    [
      join(repoRoot(), 'services/registration/dist/cli/create-central-admin.js'),
      ...['--login', admin.login, '--email', admin.email, '--first-name', admin.firstName, '--last-name', admin.lastName],
    ],
    {
      env: { ...process.env, MONGO_URL: infra.mongoUrl, NATS_URL: infra.natsUrl, REDIS_URL: infra.redisUrl, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    },
  );
  return {
    status: out.status,
    stdout: out.stdout,
    stderr: out.stderr,
    temporaryPassword: /jednorazowe\): (\S+)/.exec(out.stdout)?.[1] ?? '',
  };
}

/**
 * A central admin ready for admin actions, made as production makes one: the CLI's temporary password →
 * login → new password → TOTP enrolment confirmed. Returns the session cookie (`cas_session=…`).
 */
export async function centralAdminSession(
  registrationUrl: string,
  infra: Pick<Infra, 'mongoUrl' | 'natsUrl' | 'redisUrl'>,
  tag: string,
  password = 'Bezpieczne-Hasło-Administratora-2026',
): Promise<{ cookie: string; login: string }> {
  const login = `admin-${tag}`;
  const cli = createCentralAdminCli(infra, { login, email: `${login}@uw.example`, firstName: 'Anna', lastName: 'Centralna' });
  if (cli.status !== 0) throw new Error(`create-central-admin failed: ${cli.stderr}`);
  const post = async (path: string, body: unknown, cookie?: string) => {
    const res = await fetch(`${registrationUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body ?? {}),
    });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    const set = /cas_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
    return { json: (await res.json()) as Record<string, unknown>, cookie: set ?? cookie ?? '' };
  };
  let step = await post('/api/v1/auth/login', { login, password: cli.temporaryPassword });
  step = await post('/api/v1/auth/password', { currentPassword: cli.temporaryPassword, newPassword: password }, step.cookie);
  const enrolment = await post('/api/v1/auth/totp/enrolment', undefined, step.cookie);
  step = await post('/api/v1/auth/totp/confirmation', { code: totpCode(String(enrolment.json.secret), Date.now()) }, enrolment.cookie);
  return { cookie: step.cookie, login };
}
