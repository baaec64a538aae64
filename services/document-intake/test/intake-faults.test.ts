import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMailroomKey,
  freePort,
  sampleApplication,
  scannedPage,
  ServiceProcess,
  settled,
  startSystem,
  storedMessages,
  type System,
  uploadScans,
  waitFor,
} from '@cas/testing';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { createEvent, RegistrationEvents } from '@cas/contracts';

/** Real processes, real kills (DESIGN §6): a scan is never lost and never decided twice. */
let sys: System;
let second: ServiceProcess;
let nc: NatsConnection;
let key: { apiKey: string };

const OUTCOMES = ['intake.scan.matched.v1', 'intake.scan.unmatched.v1', 'intake.scan.rejected.v1'];
async function outcomesOf(scanId: string): Promise<string[]> {
  return (await storedMessages(nc, 'INTAKE'))
    .filter((m) => OUTCOMES.includes(m.subject) && m.text.includes(`"scanId":"${scanId}"`))
    .map((m) => m.subject);
}

beforeAll(async () => {
  sys = await startSystem({
    services: ['registration', 'document-intake'],
    env: { 'document-intake': { SCAN_JOB_LOCK_MS: '3000', SCAN_WORKER_CONCURRENCY: '2' } },
  });
  const first = sys.service('document-intake');
  second = new ServiceProcess('document-intake', await freePort(), first.spec.env ?? {}, join(sys.dir, 'logs', 'document-intake-2.log'));
  await second.start();
  nc = await connect({ servers: sys.infra.natsUrl });
  key = await createMailroomKey(sys.infra, '26');
});
afterAll(async () => {
  await nc?.close();
  await second?.stop();
  await sys?.stop();
});

describe('document intake under replicas and crashes', () => {
  it('two replicas: every scan gets exactly one outcome', async () => {
    const res = await fetch(`${sys.service('registration').baseUrl}/api/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(sampleApplication('replicas1')),
    });
    const app = (await res.json()) as { number: string; verificationCode: string };
    const bases = [sys.service('document-intake').baseUrl, second.baseUrl];
    const pages = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        scannedPage(i % 3 === 0 ? `CAS1|${app.number}|${app.verificationCode}` : null, { quality: 50 + i }),
      ),
    );
    const ids = await Promise.all(
      pages.map(
        async (bytes, i) =>
          ((await (await uploadScans(bases[i % 2]!, key.apiKey, [{ name: `${i}.jpg`, bytes }])).json()) as { scanId: string }).scanId,
      ),
    );
    for (const id of ids) await settled(bases[0]!, key.apiKey, id, 60_000);
    await waitFor('every outcome event', async () => (await Promise.all(ids.map(outcomesOf))).every((o) => o.length >= 1), 30_000);
    await new Promise((r) => setTimeout(r, 1_000));
    for (const id of ids) expect(await outcomesOf(id), id).toHaveLength(1);
  });

  it('a worker killed in the middle of a scan: the scan is taken up again and decided once', async () => {
    await second.stop();
    const intake = sys.service('document-intake');
    intake.spec.env = { ...intake.spec.env, CAS_FAULT_POINTS: 'intake.scan.before-decide' };
    await intake.restart();
    const exited = intake.waitExit();
    const res = await uploadScans(intake.baseUrl, key.apiKey, [{ name: 'crash.jpg', bytes: await scannedPage(null, { quality: 77 }) }]);
    expect(res.status).toBe(202);
    const { scanId } = (await res.json()) as { scanId: string };
    await exited;
    expect(intake.running).toBe(false);
    intake.spec.env = { ...intake.spec.env, CAS_FAULT_POINTS: '' };
    await intake.start();
    expect(await settled(intake.baseUrl, key.apiKey, scanId, 60_000)).toMatchObject({ status: 'unmatched', reason: 'no-code-found' });
    await waitFor('outcome event', async () => (await outcomesOf(scanId)).length >= 1);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await outcomesOf(scanId)).toEqual(['intake.scan.unmatched.v1']);
  });

  it('a scan that came before its application is processed again when the application arrives: matched, verified', async () => {
    const number = '26/2026/990001';
    const code = 'QRSTUVWX';
    const base = sys.service('document-intake').baseUrl;
    const upload = await uploadScans(base, key.apiKey, [
      { name: 'early.jpg', bytes: await scannedPage(`CAS1|${number}|${code}`, { quality: 70 }) },
    ]);
    const scanId = ((await upload.json()) as { scanId: string }).scanId;
    expect(await settled(base, key.apiKey, scanId, 60_000)).toMatchObject({ status: 'unmatched', reason: 'unknown-number' });

    const app = sampleApplication('early1');
    const submitted = createEvent(
      RegistrationEvents.applicationSubmitted,
      {
        applicationId: '0190a000-0000-7000-8000-0000000e0001',
        number,
        voivodeship: '26',
        kind: 'new-unit',
        unit: { id: '0190a000-0000-7000-8000-0000000e0002', isNew: true, ...app.unit },
        user: {
          id: '0190a000-0000-7000-8000-0000000e0003',
          firstName: app.user.firstName,
          lastName: app.user.lastName,
          email: app.user.email,
          phone: app.user.phone,
          position: app.user.position,
          login: app.user.login,
        },
        grants: [{ area: 'PS', subArea: 'sprawozdania-resortowe' }],
        verificationCode: code,
        submittedAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      },
      { source: 'registration', correlationId: 'early-scan' },
    );
    await jetstream(nc).publish(submitted.type, JSON.stringify(submitted), { msgID: submitted.id });
    await waitFor(
      'matched after the application arrived',
      async () => {
        const res = await fetch(`${base}/api/v1/scans/${scanId}`, { headers: { authorization: `Bearer ${key.apiKey}` } });
        return ((await res.json()) as { status: string }).status === 'matched';
      },
      30_000,
    );
    const view = (await (await fetch(`${base}/api/v1/scans/${scanId}`, { headers: { authorization: `Bearer ${key.apiKey}` } })).json()) as {
      matchedBy: string;
      verified: boolean;
    };
    expect(view).toMatchObject({ matchedBy: 'qr', verified: true });
    expect(await outcomesOf(scanId)).toEqual(['intake.scan.unmatched.v1', 'intake.scan.matched.v1']);
  });
});
