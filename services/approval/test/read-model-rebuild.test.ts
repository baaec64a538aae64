import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  publishApproved,
  createMailroomKey,
  repoRoot,
  sampleApplication,
  scannedPage,
  settled,
  startSystem,
  uploadScans,
  waitFor,
  type System,
} from '@cas/testing';

/** The read model is built from events only: the live one and one rebuilt from the streams are the same. */
let sys: System;
let mongo: MongoClient;
let nc: NatsConnection;

async function submit(tag: string) {
  const res = await fetch(`${sys.service('registration').baseUrl}/api/v1/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(sampleApplication(tag)),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; number: string; verificationCode: string };
}

const items = (db: string) =>
  mongo
    .db(db)
    .collection('review_items')
    .find({}, { projection: { updatedAt: 0 } })
    .sort({ _id: 1 })
    .toArray();
const inbox = (db: string) => mongo.db(db).collection('unmatched_scans').find({}).sort({ _id: 1 }).toArray();

beforeAll(async () => {
  sys = await startSystem({ services: ['registration', 'document-intake', 'approval'] });
  mongo = await MongoClient.connect(sys.infra.mongoUrl);
  nc = await connect({ servers: sys.infra.natsUrl });
});
afterAll(async () => {
  await nc?.close();
  await mongo?.close();
  await sys?.stop();
});

describe('approval read model', () => {
  it('follows registration, intake and its own decisions, and a rebuild from the streams equals it', async () => {
    const [a, b, c] = [await submit('rb1'), await submit('rb2'), await submit('rb3')];
    const key = (await createMailroomKey(sys.infra, '26')).apiKey;
    const intake = sys.service('document-intake').baseUrl;
    // a: scanned and matched → ready for review, then approved; b: scanned → ready; c: nothing yet; plus one
    // scan nobody's code is on → the unmatched inbox.
    for (const app of [a, b]) {
      const { scanId } = (await (
        await uploadScans(intake, key, [{ name: 'skan.jpg', bytes: await scannedPage(`CAS1|${app.number}|${app.verificationCode}`) }])
      ).json()) as {
        scanId: string;
      };
      expect((await settled(intake, key, scanId)).status).toBe('matched');
    }
    const { scanId: stray } = (await (
      await uploadScans(intake, key, [{ name: 'inny.jpg', bytes: await scannedPage(null, { quality: 52 }) }])
    ).json()) as {
      scanId: string;
    };
    expect((await settled(intake, key, stray)).status).toBe('unmatched');
    await publishApproved(nc, { applicationId: a.id, number: a.number });

    await waitFor('live read model caught up', async () => {
      const live = await items('cas_approval');
      const status = Object.fromEntries(live.map((i) => [String(i._id), i.status]));
      return (
        status[a.id] === 'approved' &&
        status[b.id] === 'ready-for-review' &&
        status[c.id] === 'awaiting-document' &&
        (await inbox('cas_approval')).length === 1
      );
    });
    const live = await items('cas_approval');
    expect(live.find((i) => String(i._id) === b.id)).toMatchObject({ number: b.number, scans: [{ matchedBy: 'qr', verified: true }] });
    expect(live.find((i) => String(i._id) === a.id)?.decision).toMatchObject({ outcome: 'approved' });

    const cli = (args: string[]) =>
      spawnSync(process.execPath, [join(repoRoot(), 'services/approval/dist/cli/rebuild-read-model.js'), ...args], {
        env: { ...process.env, MONGO_URL: sys.infra.mongoUrl, NATS_URL: sys.infra.natsUrl, LOG_LEVEL: 'warn' },
        encoding: 'utf8',
      });
    expect(cli(['--into', 'cas_approval']).status).toBe(2); // the live database needs --replace
    const out = cli(['--into', 'cas_approval_rebuild']);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/REGISTRATION: \d+ events applied/);
    expect(await items('cas_approval_rebuild')).toEqual(live);
    expect(await inbox('cas_approval_rebuild')).toEqual(await inbox('cas_approval'));
  });
});
