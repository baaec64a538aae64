import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, sampleApplication, ServiceProcess, startSystem, waitFor, type System } from '@cas/testing';

let sys: System;
let second: ServiceProcess;

beforeAll(async () => {
  sys = await startSystem();
  const first = sys.service('notification');
  second = new ServiceProcess('notification', await freePort(), first.spec.env ?? {}, join(sys.dir, 'logs', 'notification-2.log'));
  await second.start();
});
afterAll(async () => {
  await second?.stop();
  await sys?.stop();
});

describe('two notification replicas on one durable consumer and one queue', () => {
  it('send each e-mail exactly once', async () => {
    const api = sys.service('registration').baseUrl;
    const n = 30;
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        fetch(`${api}/api/v1/applications`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(sampleApplication(`rep${i}`)),
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(n).fill(201));
    await waitFor(
      `${n} e-mails`,
      async () => (await sys.mailpit.search('to:mopr.kielce.example subject:"przyjęty"')).length >= n,
      60_000,
      250,
    );
    await new Promise((r) => setTimeout(r, 1_500));
    const mails = await sys.mailpit.search('to:mopr.kielce.example subject:"przyjęty"');
    const perRecipient = new Map<string, number>();
    for (const m of mails) for (const to of m.To) perRecipient.set(to.Address, (perRecipient.get(to.Address) ?? 0) + 1);
    expect(perRecipient.size).toBe(n);
    expect([...perRecipient.values()].every((c) => c === 1)).toBe(true);
  });

  it('expose queue depth and consumer lag on /metrics', async () => {
    const text = await (await fetch(`${second.baseUrl}/metrics`)).text();
    expect(text).toMatch(/cas_queue_jobs\{[^}]*queue="notification-email"[^}]*state="completed"/);
    expect(text).toMatch(/cas_consumer_pending\{[^}]*consumer="notification--registration-emails"[^}]*\} 0/);
  });
});

describe('graceful shutdown', () => {
  it('SIGTERM: readiness drops, the process exits 0 well within the bound', async () => {
    const t = Date.now();
    await second.stop(15_000);
    expect(second.lastExit).toEqual({ code: 0, signal: null });
    expect(Date.now() - t).toBeLessThan(10_000);
  });
});
