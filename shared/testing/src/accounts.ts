import { join } from 'node:path';
import type { MongoClient } from 'mongodb';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { decryptWith, totpCode } from '@cas/auth';
import { ApprovalEvents, createEvent } from '@cas/contracts';
import type { Infra } from './infra.js';
import { repoRoot } from './paths.js';
import { runCli } from './run-cli.js';
import { waitFor } from './ports.js';
import { storedMessages } from './stream-messages.js';
import { DEV_NOTIFICATION_PRIVATE_JWK } from './dev-keys.js';

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
  const userId = await activeUserId(ctx.mongo, application.user.login);
  return { userId, login: application.user.login, applicationId: id, number };
}

/** Waits until registration has an active account with this login (activated on approval); its user id. */
export async function activeUserId(mongo: MongoClient, login: string): Promise<string> {
  let userId = '';
  await waitFor('account active', async () => {
    const u = await mongo.db('cas_registration').collection('users').findOne({ login });
    userId = String(u?._id ?? '');
    return u?.status === 'active';
  });
  return userId;
}

/** Runs registration's `create-central-admin` CLI against the infrastructure; returns its exit status and output. */
export async function createCentralAdminCli(
  infra: Pick<Infra, 'mongoUrl' | 'natsUrl' | 'redisUrl'>,
  admin: { login: string; email: string; firstName: string; lastName: string },
): Promise<{ status: number | null; stdout: string; stderr: string; temporaryPassword: string }> {
  const out = await runCli(
    join(repoRoot(), 'services/registration/dist/cli/create-central-admin.js'),
    ['--login', admin.login, '--email', admin.email, '--first-name', admin.firstName, '--last-name', admin.lastName],
    { MONGO_URL: infra.mongoUrl, NATS_URL: infra.natsUrl, REDIS_URL: infra.redisUrl, LOG_LEVEL: 'warn' },
  );
  return { ...out, temporaryPassword: /jednorazowe\): (\S+)/.exec(out.stdout)?.[1] ?? '' };
}

/** The temporary password of the newest reminder event for `userId` after stream sequence `after` (decrypted). */
export async function temporaryPasswordFor(nc: NatsConnection, userId: string, after = 0): Promise<string> {
  let found = '';
  await waitFor('reminder event', async () => {
    const last = (await storedMessages(nc, 'REGISTRATION'))
      .filter((m) => m.seq > after && m.subject === 'registration.account.password-reminder-issued.v1' && m.text.includes(userId))
      .at(-1);
    if (!last) return false;
    const data = (JSON.parse(last.text) as { data: { encryptedTemporaryPassword: string } }).data;
    found = await decryptWith(DEV_NOTIFICATION_PRIVATE_JWK, data.encryptedTemporaryPassword);
    return true;
  });
  return found;
}

async function postJson(registrationUrl: string, path: string, body: unknown, cookie?: string) {
  const res = await fetch(`${registrationUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body ?? {}),
  });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  const set = /cas_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  return { json: (await res.json()) as Record<string, unknown>, cookie: set ?? cookie ?? '' };
}

/** An admin's first login as production has it: temporary password → new password → TOTP enrolment confirmed. */
async function adminReady(registrationUrl: string, login: string, temporary: string, password: string): Promise<string> {
  let step = await postJson(registrationUrl, '/api/v1/auth/login', { login, password: temporary });
  step = await postJson(registrationUrl, '/api/v1/auth/password', { currentPassword: temporary, newPassword: password }, step.cookie);
  const enrolment = await postJson(registrationUrl, '/api/v1/auth/totp/enrolment', undefined, step.cookie);
  step = await postJson(
    registrationUrl,
    '/api/v1/auth/totp/confirmation',
    { code: totpCode(String(enrolment.json.secret), Date.now()) },
    enrolment.cookie,
  );
  return step.cookie;
}

const ADMIN_PASSWORD = 'Bezpieczne-Hasło-Administratora-2026';

/**
 * A central admin ready for admin actions, made as production makes one: the CLI's temporary password →
 * login → new password → TOTP enrolment confirmed. Returns the session cookie (`cas_session=…`).
 */
export async function centralAdminSession(
  registrationUrl: string,
  infra: Pick<Infra, 'mongoUrl' | 'natsUrl' | 'redisUrl'>,
  tag: string,
): Promise<{ cookie: string; login: string }> {
  const login = `admin-${tag}`;
  const cli = await createCentralAdminCli(infra, { login, email: `${login}@uw.example`, firstName: 'Anna', lastName: 'Centralna' });
  if (cli.status !== 0) throw new Error(`create-central-admin failed: ${cli.stderr}`);
  return { cookie: await adminReady(registrationUrl, login, cli.temporaryPassword, ADMIN_PASSWORD), login };
}

/** A voivodeship admin ready for admin actions: created by a central admin, temporary password from its event. */
export async function voivodeshipAdminSession(
  registrationUrl: string,
  nc: NatsConnection,
  centralCookie: string,
  voivodeship: string,
  tag: string,
): Promise<{ cookie: string; login: string; userId: string }> {
  const login = `admin-${voivodeship}-${tag}`;
  const before = (await storedMessages(nc, 'REGISTRATION')).at(-1)?.seq ?? 0;
  const created = await postJson(
    registrationUrl,
    '/api/v1/admin/voivodeship-admins',
    {
      login,
      email: `${login}@uw.example`,
      firstName: 'Adam',
      lastName: 'Wojewódzki',
      phone: '41 342 11 11',
      position: 'Inspektor',
      voivodeship,
    },
    centralCookie,
  );
  const userId = String(created.json.id);
  const temporary = await temporaryPasswordFor(nc, userId, before);
  return { cookie: await adminReady(registrationUrl, login, temporary, ADMIN_PASSWORD), login, userId };
}
