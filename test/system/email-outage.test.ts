import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { publishApproved, sampleApplication, startSystem, waitFor, type System } from '@cas/testing';

/**
 * Issue #7's promise under faults, with two notification replicas: a flow of 100 applications (each a
 * "submitted" e-mail, 20 of them approved: an "account active" e-mail each) while the SMTP server (Mailpit) is
 * down for CAS_EMAIL_OUTAGE_MS (default 2 minutes; "several minutes" in a manual run) and Redis is killed and
 * restarted in the middle. Afterwards every expected e-mail is in Mailpit exactly once, and the ledger says sent.
 */
const APPLICATIONS = 100;
const APPROVED = 20;
const OUTAGE_MS = Number(process.env.CAS_EMAIL_OUTAGE_MS ?? 120_000);

let sys: System;
let mongo: MongoClient;
let nc: NatsConnection;

beforeAll(async () => {
  sys = await startSystem({
    services: ['registration', 'notification'],
    env: {
      notification: { SMTP_PAUSE_MAX_MS: '5000', RECONCILE_EVERY_MS: '2000', RECONCILE_AFTER_MS: '5000' },
    },
  });
  await sys.startReplica('notification');
  mongo = await MongoClient.connect(sys.infra.mongoUrl);
  nc = await connect({ servers: sys.infra.natsUrl });
}, 180_000);
afterAll(async () => {
  await nc?.close();
  await mongo?.close();
  await sys?.stop();
});

async function submit(i: number): Promise<{ id: string; number: string; email: string }> {
  const app = sampleApplication(`outage${i}`);
  const res = await fetch(`${sys.service('registration').baseUrl}/api/v1/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...app, unit: { ...app.unit, teryt: '2661011' } }),
  });
  if (res.status !== 201) throw new Error(`application ${i}: ${res.status} ${await res.text()}`);
  const { id, number } = (await res.json()) as { id: string; number: string };
  return { id, number, email: app.user.email };
}

describe('e-mails through an SMTP outage and a Redis crash, two notification replicas', () => {
  it('every expected e-mail arrives after recovery, none twice', { timeout: OUTAGE_MS + 300_000 }, async () => {
    const mailpit = sys.infra.components.mailpit;
    const redis = sys.infra.components.redis;
    const apps: { id: string; number: string; email: string }[] = [];
    const submitBatch = async (from: number, to: number) => {
      for (let i = from; i < to; i += 5)
        apps.push(...(await Promise.all(Array.from({ length: Math.min(5, to - i) }, (_, k) => submit(i + k)))));
    };

    await submitBatch(0, 20);
    await mailpit.stop(); // the relay goes away mid-flow
    const down = Date.now();
    await submitBatch(20, 60);
    for (const a of apps.slice(0, APPROVED)) await publishApproved(nc, { applicationId: a.id, number: a.number });
    await redis.kill(); // and Redis crashes, with jobs waiting for the relay
    await new Promise((r) => setTimeout(r, 2_000));
    await redis.start();
    await submitBatch(60, APPLICATIONS);
    const rest = OUTAGE_MS - (Date.now() - down);
    if (rest > 0) await new Promise((r) => setTimeout(r, rest));
    await mailpit.start();

    const expected = APPLICATIONS + APPROVED;
    const deliveries = mongo.db('cas_notification').collection('deliveries');
    await waitFor('every delivery sent', async () => (await deliveries.countDocuments({ status: 'sent' })) >= expected, 180_000, 1_000);
    const messages = await sys.mailpit.all();
    const byMessageId = new Map<string, number>();
    for (const m of messages) byMessageId.set(m.MessageID, (byMessageId.get(m.MessageID) ?? 0) + 1);
    const duplicates = [...byMessageId.values()].filter((n) => n > 1).length;
    expect(duplicates, 'e-mails accepted more than once').toBe(0);
    for (const a of apps) {
      const to = messages.filter((m) => m.To.some((t) => t.Address === a.email));
      expect(
        to.filter((m) => m.MessageID.includes('.application-submitted@')),
        a.email,
      ).toHaveLength(1);
    }
    const active = messages.filter((m) => m.MessageID.includes('.account-activated@'));
    expect(active).toHaveLength(APPROVED);
    expect(await deliveries.countDocuments({ status: { $ne: 'sent' } })).toBe(0);
  });
});
