import type { MongoClient } from 'mongodb';
import type { NatsConnection } from '@nats-io/transport-node';
import { approvedAccount, sampleApplication } from '@cas/testing';

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

/** An approved, active account (optionally with its unit in another voivodeship). */
export function activeAccount(
  ctx: { api: () => string; mongo: MongoClient; nc: NatsConnection },
  tag: string,
  teryt = '2661011',
): ReturnType<typeof approvedAccount> {
  const app = sampleApplication(tag);
  return approvedAccount({ registrationUrl: ctx.api(), mongo: ctx.mongo, nc: ctx.nc }, { ...app, unit: { ...app.unit, teryt } });
}

export { temporaryPasswordFor } from '@cas/testing';
