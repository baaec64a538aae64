import type { MongoClient } from 'mongodb';
import type { NatsConnection } from '@nats-io/transport-node';
import { createMailroomKey, roleClient, sampleApplication, type System } from '@cas/testing';
import type { Credentials } from './types.js';

/**
 * Credentials for every caller, made the production way (roleClient): a unit user, the central admin and an
 * admin of 26 with their second factor, the central admin's token as a Bearer header (how approval calls
 * notification and intake), a mailroom key of 26, and a second session of the unit user for the logout routes
 * (logging out ends that session, not the one the other endpoints use).
 */
export async function fuzzCredentials(
  sys: System,
  mongo: MongoClient,
  nc: NatsConnection,
  tag: string,
): Promise<{ credentials: Credentials; spareAdminCookie: string }> {
  const reg = sys.service('registration').baseUrl;
  // Made once more under another tag if a setup request fails (a busy two-core machine drops one now and then).
  const matrix = await roleClient(sys, mongo, nc, tag, reg).catch(() => roleClient(sys, mongo, nc, (tag = `${tag}2`), reg));
  const login = await fetch(`${reg}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: matrix.logins.user, password: sampleApplication(`${tag}user`).user.password }),
  });
  const throwaway = /cas_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0];
  if (!throwaway) throw new Error(`second session of the unit user: ${login.status}`);
  const token = matrix.cookies.central.replace(/^cas_session=/, '');
  const credentials: Credentials = {
    anonymous: {},
    user: { cookie: matrix.cookies.user },
    central: { cookie: matrix.cookies.central },
    admin26: { cookie: matrix.cookies.admin26 },
    'central-bearer': { authorization: `Bearer ${token}` },
    mailroom: { authorization: `Bearer ${(await createMailroomKey(sys.infra, '26')).apiKey}` },
    throwaway: { cookie: throwaway },
  };
  // admin14 stays out of the fuzz: the test spends its second-factor attempts to see a 429.
  return { credentials, spareAdminCookie: matrix.cookies.admin14 };
}
