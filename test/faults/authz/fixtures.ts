import type { MongoClient } from 'mongodb';
import type { NatsConnection } from '@nats-io/nats-core';
import {
  approvedAccount,
  centralAdminSession,
  createMailroomKey,
  readyForReview,
  roleClient,
  sampleApplication,
  scannedPage,
  voivodeshipAdminSession,
  type System,
} from '@cas/testing';
import type { Credentials, Voivodeship } from './callers.js';
import { applicantOf, PASSWORD, post, requestOf, sessionOf, TERYT, unmatchedOf } from './fixture-steps.js';

export { REFUSED_PREFIX } from './fixture-steps.js';

/** One voivodeship's resources: "own" for its callers, "foreign" for the other voivodeship's. */
export interface Side {
  /** An application ready for review (its scan matched). */
  review: { id: string; number: string };
  /** That application's matched scan (intake's file, approval's scan proxy, the mailroom's status). */
  scan: string;
  /** A scan nobody could match (approval's inbox). */
  unmatched: string;
  /** The applicant's application, still waiting for its document; `token` is from its `formUrl`. */
  applicant: { id: string; number: string; email: string; token: string };
  /** A permission request for a unit of this voivodeship (26's is the matrix's unit user's own). */
  request: string;
  /** A failed e-mail (the applicant's confirmation, refused by the relay). */
  delivery: { id: string; recipient: string };
  /** A unit user the admins act on (unblock, end sessions); never a caller. */
  target: { id: string; login: string };
  /** A voivodeship admin only the central admin may disable; never a caller. */
  victim: { id: string; login: string };
}

export interface Fixtures {
  creds: Credentials;
  sides: Record<Voivodeship, Side>;
  /** An active account anybody may log in with (the public login cells). */
  loginProbe: { login: string; password: string };
  /** The bytes the mailroom cells upload. */
  uploadBytes: Buffer;
}

/**
 * Everything the cells address, built once, the way production makes it (registration's API, the mailroom's
 * uploads, the CLIs). Own and foreign are the same kinds of things in 26 and in 14.
 */
export async function buildFixtures(sys: System, mongo: MongoClient, nc: NatsConnection): Promise<Fixtures> {
  const reg = sys.service('registration').baseUrl;
  const approval = sys.service('approval').baseUrl;
  const mailroomKeys = { '26': (await createMailroomKey(sys.infra, '26')).apiKey, '14': (await createMailroomKey(sys.infra, '14')).apiKey };
  const matrix = await roleClient(sys, mongo, nc, 'authz', approval);
  const s = matrix.cookies;
  const reviews: Partial<Record<Voivodeship, Awaited<ReturnType<typeof readyForReview>>>> = {};
  for (const v of ['26', '14'] as const) {
    reviews[v] = await readyForReview(sys, mongo, `authzr${v}`, { teryt: TERYT[v], voivodeship: v });
  }
  const spareCentral = (await centralAdminSession(reg, sys.infra, 'authzspare')).cookie;
  const bytes = await scannedPage(null, { quality: 70 });
  const ctx = { registrationUrl: reg, mongo, nc };
  const account = async (tag: string, v: Voivodeship) => {
    const app = sampleApplication(tag);
    const a = await approvedAccount(ctx, { ...app, unit: { ...app.unit, teryt: TERYT[v] } });
    return { id: a.userId, login: a.login };
  };
  const victim = async (v: Voivodeship) => {
    const login = `authz-ofiara-${v}`;
    const res = await post(
      `${reg}/api/v1/admin/voivodeship-admins`,
      {
        login,
        email: `${login}@uw.example`,
        firstName: 'Olga',
        lastName: 'Zapasowa',
        phone: '41 342 11 11',
        position: 'Inspektor',
        voivodeship: v,
      },
      s.central,
    );
    if (res.status !== 201) throw new Error(`victim admin refused: ${res.status} ${await res.text()}`);
    return { id: String(((await res.json()) as { id: string }).id), login };
  };
  const side = async (v: Voivodeship) => {
    const review = reviews[v]!;
    const [unmatched, applicant, target, victimAdmin] = await Promise.all([
      unmatchedOf(sys, mongo, mailroomKeys[v], bytes),
      applicantOf(sys, mongo, v),
      account(`authzt${v}`, v),
      victim(v),
    ]);
    const detail = (await (await fetch(`${approval}/api/v1/review-items/${review.id}`, { headers: { cookie: s.central } })).json()) as {
      item: { scans: { scanId: string }[] };
    };
    return { review, scan: detail.item.scans[0]!.scanId, unmatched, ...applicant, target, victim: victimAdmin };
  };
  const [one, two, spares] = await Promise.all([
    side('26'),
    side('14'),
    Promise.all([
      sessionOf(reg, matrix.logins.user),
      voivodeshipAdminSession(reg, nc, s.central, '26', 'authzspare').then((a) => a.cookie),
      voivodeshipAdminSession(reg, nc, s.central, '14', 'authzspare').then((a) => a.cookie),
    ]),
  ]);
  // The unit user's own request (26), and one of a unit user of 14; the 14 login comes last, so the newest
  // entries of registration's audit trail hold both voivodeships when the audit cells read it.
  const request26 = await requestOf(reg, mongo, s.user);
  const request14 = await requestOf(reg, mongo, await sessionOf(reg, two.target.login));
  return {
    creds: {
      sessions: { user: s.user, admin26: s.admin26, admin14: s.admin14, central: s.central },
      spareSessions: { user: spares[0], admin26: spares[1], admin14: spares[2], central: spareCentral },
      mailroomKeys,
    },
    sides: { '26': { ...one, request: request26 }, '14': { ...two, request: request14 } },
    loginProbe: { login: one.target.login, password: PASSWORD },
    uploadBytes: bytes,
  };
}
