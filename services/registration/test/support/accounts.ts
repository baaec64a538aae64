import { expect } from 'vitest';
import type { MongoClient } from 'mongodb';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { decryptWith } from '@cas/auth';
import { ApprovalEvents, createEvent } from '@cas/contracts';
import { sampleApplication, storedMessages, waitFor } from '@cas/testing';

/** notification's development key (services/notification/src/config.ts): tests read temporary passwords with it. */
export const DEV_NOTIFICATION_PRIVATE_KEY = {
  crv: 'X25519',
  d: 'GNTeRIjL00QmUBrE55Wdc8yQykwPjsFGOw8AqgcejXI',
  x: '5GWz85RofkUQoAh_aW64Pjb3YIhB5TvBeo_DhpEntEc',
  kty: 'OKP',
  kid: 'dev-notification-1',
};
export const PASSWORD = sampleApplication(1).user.password;

export const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').match(/cas_session=[^;]+/)?.[0] ?? '';

/** JSON calls to one service, with an optional session cookie. */
export const jsonClient =
  (api: () => string) =>
  (method: string, path: string, body?: unknown, cookie?: string): Promise<Response> =>
    fetch(`${api()}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

/** Submits an application (optionally in another voivodeship) and approves it as the approval service would. */
export async function activeAccount(
  ctx: { json: ReturnType<typeof jsonClient>; mongo: MongoClient; nc: NatsConnection },
  tag: string,
  teryt = '2661011',
): Promise<{ userId: string; login: string; applicationId: string; number: string }> {
  const app = sampleApplication(tag);
  const res = await ctx.json('POST', '/api/v1/applications', { ...app, unit: { ...app.unit, teryt } });
  expect(res.status).toBe(201);
  const { id, number } = (await res.json()) as { id: string; number: string };
  const approved = createEvent(
    ApprovalEvents.applicationApproved,
    { applicationId: id, number, decidedBy: 'admin', decidedAt: new Date().toISOString(), reasonCode: null, reasonText: null },
    { source: 'approval', correlationId: tag },
  );
  await jetstream(ctx.nc).publish(approved.type, JSON.stringify(approved), { msgID: approved.id });
  let userId = '';
  await waitFor('account active', async () => {
    const u = await ctx.mongo.db('cas_registration').collection('users').findOne({ login: app.user.login });
    userId = String(u?._id ?? '');
    return u?.status === 'active';
  });
  return { userId, login: app.user.login, applicationId: id, number };
}

/** The temporary password of the newest reminder event for `userId` after stream sequence `after`. */
export async function temporaryPasswordFor(nc: NatsConnection, userId: string, after = 0): Promise<string> {
  let found = '';
  await waitFor('reminder event', async () => {
    const last = (await storedMessages(nc, 'REGISTRATION'))
      .filter((m) => m.seq > after && m.subject === 'registration.account.password-reminder-issued.v1' && m.text.includes(userId))
      .at(-1);
    if (!last) return false;
    const data = (JSON.parse(last.text) as { data: { encryptedTemporaryPassword: string } }).data;
    found = await decryptWith(DEV_NOTIFICATION_PRIVATE_KEY, data.encryptedTemporaryPassword);
    return true;
  });
  return found;
}
