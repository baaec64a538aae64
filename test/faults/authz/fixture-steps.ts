import type { MongoClient } from 'mongodb';
import { permissionReviewListed, sampleApplication, settled, uploadScans, waitFor, type System } from '@cas/testing';
import type { Voivodeship } from './callers.js';

/* The single fixtures buildFixtures (fixtures.ts) puts together, each made through the services' own APIs. */

/** Recipients the test's SMTP relay refuses for good (550), so each voivodeship has a failed e-mail. */
export const REFUSED_PREFIX = 'odmowa.';

export const TERYT: Record<Voivodeship, string> = { '26': '2661011', '14': '1465011' };

export const PASSWORD = sampleApplication('x').user.password;

export async function post(url: string, body: unknown, cookie = ''): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
}

export async function sessionOf(reg: string, login: string): Promise<string> {
  const res = await post(`${reg}/api/v1/auth/login`, { login, password: PASSWORD });
  await res.arrayBuffer();
  const cookie = /cas_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error(`${login} could not log in: ${res.status}`);
  return cookie;
}

/** The applicant's application; its e-mail is refused by the relay, which gives the voivodeship a failed e-mail. */
export async function applicantOf(sys: System, mongo: MongoClient, v: Voivodeship) {
  const reg = sys.service('registration').baseUrl;
  const app = sampleApplication(`authzp${v}`);
  const email = `${REFUSED_PREFIX}${v}@mopr.example`;
  const res = await post(`${reg}/api/v1/applications`, { ...app, user: { ...app.user, email }, unit: { ...app.unit, teryt: TERYT[v] } });
  if (res.status !== 201) throw new Error(`applicant refused: ${res.status} ${await res.text()}`);
  const a = (await res.json()) as { id: string; number: string; formUrl: string };
  const token = new URL(a.formUrl).searchParams.get('t') ?? '';
  // An applicant holds no session: the account stays pending until approval, so the login is refused.
  const login = await post(`${reg}/api/v1/auth/login`, { login: app.user.login, password: app.user.password });
  await login.arrayBuffer();
  if (login.status !== 401) throw new Error(`a pending applicant could log in: ${login.status}`);
  const deliveries = mongo.db('cas_notification').collection<{ _id: string; status: string; voivodeship: string | null }>('deliveries');
  await waitFor('the applicant’s e-mail failed', async () => (await deliveries.findOne({ recipient: email }))?.status === 'failed');
  const d = (await deliveries.findOne({ recipient: email }))!;
  if (d.voivodeship !== v) throw new Error(`failed e-mail of ${v} recorded for ${d.voivodeship}`);
  await waitFor('approval knows the application', async () =>
    Boolean(
      await mongo
        .db('cas_approval')
        .collection('review_items')
        .findOne({ _id: a.id as never, number: a.number }),
    ),
  );
  return { applicant: { id: a.id, number: a.number, email, token }, delivery: { id: String(d._id), recipient: email } };
}

export async function unmatchedOf(sys: System, mongo: MongoClient, key: string, bytes: Buffer): Promise<string> {
  const intake = sys.service('document-intake').baseUrl;
  const upload = await uploadScans(intake, key, [{ name: 'pismo.jpg', bytes }], { channel: 'email', subject: 'Pismo bez kodu' });
  const { scanId } = (await upload.json()) as { scanId: string };
  const view = await settled(intake, key, scanId);
  if (view.status !== 'unmatched') throw new Error(`scan not unmatched: ${JSON.stringify(view)}`);
  await waitFor('in approval’s inbox', async () =>
    Boolean(
      await mongo
        .db('cas_approval')
        .collection('unmatched_scans')
        .findOne({ _id: scanId as never }),
    ),
  );
  return scanId;
}

/** A permission request through registration's API; resolves once approval's queue has it. */
export async function requestOf(reg: string, mongo: MongoClient, cookie: string): Promise<string> {
  const res = await post(
    `${reg}/api/v1/permission-requests`,
    { subAreas: [{ area: 'SR', subArea: 'swiadczenia-rodzinne' }], justification: 'Nowe obowiązki sprawozdawcze.' },
    cookie,
  );
  if (res.status !== 201) throw new Error(`permission request refused: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  await permissionReviewListed(mongo, id);
  return id;
}
