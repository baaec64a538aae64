import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MongoClient } from 'mongodb';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ApprovalEvents, createEvent, IntakeEvents } from '@cas/contracts';
import {
  createMailroomKey,
  mailroomKeysCli,
  settled,
  uploadScans,
  approvedAccount,
  centralAdminSession,
  sampleApplication,
  scannedPage,
  scannerPdf,
  startSystem,
  storedMessages,
  type System,
  waitFor,
} from '@cas/testing';

let sys: System;
let mongo: MongoClient;
let nc: NatsConnection;
let intake: string;
let kielce: { id: string; apiKey: string };
let warszawa: { id: string; apiKey: string };

/** A real application through registration; resolves once intake's view knows it. */
async function application(tag: string) {
  const res = await fetch(`${sys.service('registration').baseUrl}/api/v1/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(sampleApplication(tag)),
  });
  expect(res.status).toBe(201);
  const app = (await res.json()) as { id: string; number: string; verificationCode: string };
  await waitFor(
    'intake knows the application',
    async () => (await mongo.db('cas_intake').collection('open_applications').findOne({ number: app.number })) !== null,
  );
  return { ...app, qr: `CAS1|${app.number}|${app.verificationCode}` };
}

async function eventsFor(scanId: string) {
  return (await storedMessages(nc, 'INTAKE')).filter((m) => m.text.includes(scanId));
}

beforeAll(async () => {
  sys = await startSystem({
    services: ['registration', 'document-intake'],
    env: {
      registration: { LOGIN_RATE_PER_IP_PER_MINUTE: '1000' },
      'document-intake': {
        SCAN_MAX_FILE_BYTES: String(3 * 1024 * 1024),
        SCAN_MAX_FILES: '3',
        SCAN_STUCK_AFTER_MS: '1500',
        SCAN_RECONCILE_EVERY_MS: '1000',
      },
    },
  });
  intake = sys.service('document-intake').baseUrl;
  mongo = await MongoClient.connect(sys.infra.mongoUrl);
  nc = await connect({ servers: sys.infra.natsUrl });
  kielce = await createMailroomKey(sys.infra, '26', 'Kancelaria ŚUW Kielce');
  warszawa = await createMailroomKey(sys.infra, '14', 'Kancelaria MUW Warszawa');
});
afterAll(async () => {
  await nc?.close();
  await mongo?.close();
  await sys?.stop();
});

describe('mailroom API: matching', () => {
  it('a scanned form with its QR code is matched and verified, and intake.scan.matched.v1 carries the contract', async () => {
    const app = await application('scan1');
    const jpeg = await scannedPage(app.qr, { rotate: 2, quality: 60 });
    const res = await uploadScans(intake, kielce.apiKey, [{ name: 'skan.jpg', bytes: jpeg, type: 'image/jpeg' }], {
      channel: 'epuap',
      sender: 'MOPR Kielce',
      subject: 'Wniosek rejestracyjny',
      receivedAt: '2026-11-25T09:00:00.000Z',
      externalId: 'epuap-1001',
    });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { scanId: string; status: string };
    expect(body.status).toBe('queued');
    const view = await settled(intake, kielce.apiKey, body.scanId);
    expect(view).toMatchObject({ status: 'matched', applicationNumber: app.number, matchedBy: 'qr', verified: true });
    let events: Awaited<ReturnType<typeof eventsFor>> = [];
    await waitFor('matched event', async () => (events = await eventsFor(body.scanId)).length > 0);
    expect(events.map((e) => e.subject)).toEqual(['intake.scan.matched.v1']);
    const data = IntakeEvents.scanMatched.data.parse((JSON.parse(events[0]!.text) as { data: unknown }).data);
    expect(data).toMatchObject({
      applicationId: app.id,
      number: app.number,
      matchedBy: 'qr',
      verified: true,
      channel: 'epuap',
      contentType: 'image/jpeg',
      pages: 1,
    });
  });

  it('a scanner PDF with the form on page 2 matches; a number in the e-mail subject matches unverified', async () => {
    const app = await application('scan2');
    const pdf = await scannerPdf([{ jpeg: await scannedPage(null) }, { jpeg: await scannedPage(app.qr, { grey: true }) }]);
    const a = (await (await uploadScans(intake, kielce.apiKey, [{ name: 'wniosek.pdf', bytes: pdf }])).json()) as { scanId: string };
    expect(await settled(intake, kielce.apiKey, a.scanId)).toMatchObject({ status: 'matched', matchedBy: 'qr', verified: true });

    const other = await application('scan3');
    const noCode = await scannedPage(null, { quality: 50 });
    const b = (await (
      await uploadScans(intake, kielce.apiKey, [{ name: 'IMG_0001.jpg', bytes: noCode }], {
        channel: 'email',
        subject: `Fwd: wniosek nr ${other.number}`,
      })
    ).json()) as {
      scanId: string;
    };
    expect(await settled(intake, kielce.apiKey, b.scanId)).toMatchObject({
      status: 'matched',
      matchedBy: 'text',
      verified: false,
      applicationNumber: other.number,
    });
  });

  it('unmatched with the reason: no code, wrong code, unknown number, another voivodeship', async () => {
    const app = await application('scan4');
    const cases: [string, string, { apiKey: string }, string][] = [
      ['no-code-found', '', kielce, 'a'],
      ['code-mismatch', `CAS1|${app.number}|AAAAAAAA`, kielce, 'b'],
      ['unknown-number', 'CAS1|26/2026/999999|ABCDEFGH', kielce, 'c'],
      ['not-related', app.qr, warszawa, 'd'],
    ];
    for (const [reason, payload, key, tag] of cases) {
      const page = await scannedPage(payload || null, { quality: 70 + (tag.charCodeAt(0) % 5) });
      const { scanId } = (await (await uploadScans(intake, key.apiKey, [{ name: `${tag}.jpg`, bytes: page }])).json()) as {
        scanId: string;
      };
      const view = await settled(intake, key.apiKey, scanId);
      expect(view, reason).toMatchObject({ status: 'unmatched', reason });
      await waitFor('unmatched event', async () => (await eventsFor(scanId)).some((e) => e.subject === 'intake.scan.unmatched.v1'));
    }
  });

  it('a scan finds its application through the number document; ones opened before those existed get theirs at start', async () => {
    const app = await application('scan-numbers');
    const numbers = mongo.db('cas_intake').collection<{ _id: string; applicationId: string }>('open_application_numbers');
    expect(await numbers.findOne({ _id: app.number })).toEqual({ _id: app.number, applicationId: app.id });
    // As an intake from before the number documents left it: the application alone.
    await numbers.deleteOne({ _id: app.number });
    const upload = async (tag: string) => {
      const page = await scannedPage(app.qr, { quality: 60 + tag.length });
      const { scanId } = (await (await uploadScans(intake, kielce.apiKey, [{ name: `${tag}.jpg`, bytes: page }])).json()) as {
        scanId: string;
      };
      return settled(intake, kielce.apiKey, scanId);
    };
    expect(await upload('before')).toMatchObject({ status: 'unmatched', reason: 'unknown-number' });
    await sys.service('document-intake').restart();
    expect(await numbers.findOne({ _id: app.number })).toEqual({ _id: app.number, applicationId: app.id });
    expect(await upload('after-restart')).toMatchObject({ status: 'matched', applicationNumber: app.number, verified: true });
  });

  it("an admin's assignment (approval.scan.assigned.v1) turns an unmatched scan into matched by manual", async () => {
    const app = await application('scan5');
    const { scanId } = (await (
      await uploadScans(intake, kielce.apiKey, [{ name: 'x.png', bytes: await scannedPage(null, { format: 'png' }) }])
    ).json()) as {
      scanId: string;
    };
    expect((await settled(intake, kielce.apiKey, scanId)).status).toBe('unmatched');
    const assigned = createEvent(
      ApprovalEvents.scanAssigned,
      { scanId, applicationId: app.id, assignedBy: '0190a000-0000-7000-8000-000000000001', assignedAt: new Date().toISOString() },
      { source: 'approval', correlationId: 'assign-test' },
    );
    await jetstream(nc).publish(assigned.type, JSON.stringify(assigned), { msgID: assigned.id });
    await waitFor('manual match', async () => {
      const res = await fetch(`${intake}/api/v1/scans/${scanId}`, { headers: { authorization: `Bearer ${kielce.apiKey}` } });
      return ((await res.json()) as { matchedBy?: string }).matchedBy === 'manual';
    });
    await waitFor('matched event', async () =>
      (await eventsFor(scanId)).some((e) => e.subject === 'intake.scan.matched.v1' && e.text.includes('"manual"')),
    );
  });
});

describe('mailroom API: idempotency, duplicates, bad files', () => {
  it('the same externalId returns the same scans; other files under it → 422; the same bytes again → duplicate', async () => {
    const page = await scannedPage(null, { quality: 41 });
    const first = (await (
      await uploadScans(intake, kielce.apiKey, [{ name: 'p.jpg', bytes: page }], { channel: 'post', externalId: 'RPW/123/2026' })
    ).json()) as {
      scanId: string;
    };
    const again = (await (
      await uploadScans(intake, kielce.apiKey, [{ name: 'p.jpg', bytes: page }], { channel: 'post', externalId: 'RPW/123/2026' })
    ).json()) as {
      scanId: string;
    };
    expect(again.scanId).toBe(first.scanId);
    const conflict = await uploadScans(intake, kielce.apiKey, [{ name: 'q.jpg', bytes: await scannedPage(null, { quality: 42 }) }], {
      channel: 'post',
      externalId: 'RPW/123/2026',
    });
    expect(conflict.status).toBe(422);
    expect(conflict.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const copy = (await (await uploadScans(intake, kielce.apiKey, [{ name: 'kopia.jpg', bytes: page }], { channel: 'email' })).json()) as {
      scanId: string;
    };
    expect(copy.scanId).not.toBe(first.scanId);
    const views = await Promise.all([settled(intake, kielce.apiKey, first.scanId), settled(intake, kielce.apiKey, copy.scanId)]);
    expect(views[0].status).toBe('unmatched');
    expect(views[1]).toMatchObject({ status: 'duplicate', duplicateOf: first.scanId });
    expect(await mongo.db('cas_intake').collection('scans').countDocuments({ externalId: 'RPW/123/2026' })).toBe(1);
  });

  it('bad files end rejected with a reason and intake.scan.rejected.v1; nothing answers ≥ 500', async () => {
    const jpeg = await scannedPage(null);
    const bad: [string, Uint8Array, string][] = [
      ['pusty.pdf', new Uint8Array(), 'empty-file'],
      ['obcy.pdf', new TextEncoder().encode('GIF89a to nie jest PDF'), 'unsupported-file-type'],
      ['ucięty.jpg', jpeg.subarray(0, 5_000), 'corrupt-file'],
      [
        'skrypt.pdf',
        await scannerPdf([{ text: 'x' }], { catalogExtra: '/OpenAction << /S /JavaScript /JS (app.alert(1)) >>' }),
        'pdf-with-javascript',
      ],
    ];
    for (const [name, bytes, reason] of bad) {
      const res = await uploadScans(intake, kielce.apiKey, [{ name, bytes }]);
      expect(res.status, name).toBe(202);
      const { scanId } = (await res.json()) as { scanId: string };
      expect(await settled(intake, kielce.apiKey, scanId), name).toMatchObject({ status: 'rejected', reason });
      await waitFor('rejected event', async () =>
        (await eventsFor(scanId)).some((e) => e.subject === 'intake.scan.rejected.v1' && e.text.includes(reason)),
      );
    }
  });

  it('HTTP: 401 without or with a wrong or revoked key, 415, 400 with field errors, 413, 404 across voivodeships', async () => {
    const page = await scannedPage(null, { quality: 43 });
    const file = [{ name: 'a.jpg', bytes: page }];
    expect((await uploadScans(intake, null, file)).status).toBe(401);
    expect((await uploadScans(intake, 'casmr_0000000000000000_' + 'x'.repeat(43), file)).status).toBe(401);
    const temp = await createMailroomKey(sys.infra, '26', 'do unieważnienia');
    expect((await uploadScans(intake, temp.apiKey, file)).status).toBe(202);
    expect((await mailroomKeysCli(sys.infra, ['revoke', '--id', temp.id])).status).toBe(0);
    expect((await uploadScans(intake, temp.apiKey, file)).status).toBe(401);

    const json = await fetch(`${intake}/api/v1/scans`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kielce.apiKey}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);
    for (const [fields, field] of [
      [{ channel: 'fax' }, 'channel'],
      [{ channel: 'epuap', komentarz: 'x' }, 'komentarz'],
      [{ channel: 'epuap', receivedAt: 'wczoraj' }, 'receivedAt'],
      [{ channel: 'epuap', externalId: 'a b' }, 'externalId'],
    ] as [Record<string, string>, string][]) {
      const res = await uploadScans(intake, kielce.apiKey, file, fields);
      expect(res.status, field).toBe(400);
      const problem = (await res.json()) as { errors: { field: string; message: string }[] };
      expect(problem.errors.map((e) => e.field)).toContain(field);
    }
    const none = await uploadScans(intake, kielce.apiKey, [], { channel: 'epuap' });
    expect(none.status).toBe(400);
    expect(((await none.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe('file');
    expect((await uploadScans(intake, kielce.apiKey, [{ name: 'big.jpg', bytes: new Uint8Array(3 * 1024 * 1024 + 1) }])).status).toBe(413);
    expect(
      (
        await uploadScans(
          intake,
          kielce.apiKey,
          Array.from({ length: 4 }, (_, i) => ({ name: `${i}.jpg`, bytes: page })),
        )
      ).status,
    ).toBe(413);

    const { scanId } = (await (await uploadScans(intake, kielce.apiKey, file)).json()) as { scanId: string };
    expect((await fetch(`${intake}/api/v1/scans/${scanId}`, { headers: { authorization: `Bearer ${warszawa.apiKey}` } })).status).toBe(404);
    expect((await fetch(`${intake}/api/v1/scans/nie-ma-takiego`, { headers: { authorization: `Bearer ${kielce.apiKey}` } })).status).toBe(
      404,
    );
  });
});

describe('mailroom API: generated bad input', () => {
  it('300 generated bad uploads: never ≥ 500, and nothing stored for a refused one', { timeout: 180_000 }, async () => {
    const text = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.constantFrom('$gt', '__proto__', '{"$ne":1}', 'a'.repeat(25_000)),
    );
    const field = fc.tuple(
      fc.oneof(fc.constantFrom('channel', 'sender', 'subject', 'body', 'receivedAt', 'externalId', 'file'), text),
      text,
    );
    const badUpload = fc.oneof(
      // Multipart with arbitrary (also repeated, oversized, binary) fields and no file part, maybe an unknown field.
      fc.record({ kind: fc.constant('form' as const), fields: fc.array(field, { maxLength: 6 }), withUnknownField: fc.boolean() }),
      // A body that only claims to be multipart, or is something else entirely.
      fc.record({
        kind: fc.constant('raw' as const),
        contentType: fc.constantFrom(
          'multipart/form-data',
          'multipart/form-data; boundary=x',
          'application/json',
          'text/plain',
          'multipart/form-data; boundary=',
        ),
        body: fc.uint8Array({ maxLength: 2_000 }),
      }),
    );
    const count = () => mongo.db('cas_intake').collection('scans').countDocuments({ clientId: kielce.id });
    await fc.assert(
      fc.asyncProperty(badUpload, async (c) => {
        const before = await count();
        let res: Response;
        if (c.kind === 'form') {
          const form = new FormData();
          for (const [k, v] of c.fields) form.append(k, v);
          if (c.withUnknownField) form.append('komentarz', 'pole, którego nie ma');
          res = await fetch(`${intake}/api/v1/scans`, {
            method: 'POST',
            body: form,
            headers: { authorization: `Bearer ${kielce.apiKey}` },
          });
        } else {
          res = await fetch(`${intake}/api/v1/scans`, {
            method: 'POST',
            body: c.body,
            headers: { authorization: `Bearer ${kielce.apiKey}`, 'content-type': c.contentType },
          });
        }
        await res.arrayBuffer();
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) expect(await count()).toBe(before);
      }),
      { numRuns: 300 },
    );
  });
});

describe('file access, reconciler, OpenAPI', () => {
  it('admins download the stored bytes as an attachment; no session or a forged token 401, a user 403', async () => {
    const bytes = await scannedPage(null, { quality: 44 });
    const { scanId } = (await (await uploadScans(intake, kielce.apiKey, [{ name: 'a.jpg', bytes }])).json()) as { scanId: string };
    await settled(intake, kielce.apiKey, scanId);
    expect((await fetch(`${intake}/api/v1/scans/${scanId}/file`)).status).toBe(401);
    expect((await fetch(`${intake}/api/v1/scans/${scanId}/file`, { headers: { authorization: `Bearer ${kielce.apiKey}` } })).status).toBe(
      401,
    );
    expect(
      (await fetch(`${intake}/api/v1/scans/${scanId}/file`, { headers: { cookie: 'cas_session=eyJhbGciOiJub25lIn0.e30.' } })).status,
    ).toBe(401);
    const user = await approvedAccount({ registrationUrl: sys.service('registration').baseUrl, mongo, nc }, sampleApplication('fileuser'));
    const login = await fetch(`${sys.service('registration').baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: user.login, password: sampleApplication('fileuser').user.password }),
    });
    const userCookie = /cas_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0] ?? '';
    expect(userCookie).not.toBe('');
    expect((await fetch(`${intake}/api/v1/scans/${scanId}/file`, { headers: { cookie: userCookie } })).status).toBe(403);
    const admin = await centralAdminSession(sys.service('registration').baseUrl, sys.infra, 'intake');
    const res = await fetch(`${intake}/api/v1/scans/${scanId}/file`, { headers: { cookie: admin.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="skan-/);
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('a stored scan whose job never made it to Redis is processed by the reconciler', async () => {
    const app = await application('scan6');
    const bytes = await scannedPage(app.qr, { quality: 75 });
    const { uuidv7 } = await import('@cas/contracts');
    const id = uuidv7();
    const { GridFSBucket } = await import('mongodb');
    const db = mongo.db('cas_intake');
    await new Promise<void>((resolve, reject) => {
      const up = new GridFSBucket(db, { bucketName: 'scan_files' }).openUploadStreamWithId(id as never, id);
      up.once('finish', () => resolve()).once('error', reject);
      up.end(bytes);
    });
    const { createHash } = await import('node:crypto');
    await db.collection('scans').insertOne({
      _id: id as never,
      clientId: kielce.id,
      voivodeship: '26',
      channel: 'post',
      sender: '',
      subject: '',
      body: '',
      fileName: 'lost.jpg',
      receivedAt: new Date().toISOString(),
      externalId: null,
      size: bytes.length,
      declaredType: 'image/jpeg',
      detectedType: null,
      pages: 0,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      status: 'queued',
      applicationId: null,
      applicationNumber: null,
      matchedBy: null,
      verified: null,
      reason: null,
      duplicateOf: null,
      createdAt: new Date(Date.now() - 10_000),
      decidedAt: null,
      updatedAt: new Date(),
      outbox: [],
      outboxPending: false,
      outboxSince: null,
    });
    expect(await settled(intake, kielce.apiKey, id, 30_000)).toMatchObject({ status: 'matched', applicationNumber: app.number });
  });

  it('publishes its OpenAPI 3.1 document', async () => {
    const doc = (await (await fetch(`${intake}/api/v1/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(['/api/v1/scans', '/api/v1/scans/{id}', '/api/v1/scans/{id}/file']);
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    expect(() =>
      new Ajv2020({ strict: false }).compile(
        JSON.parse(JSON.stringify(doc.paths['/api/v1/scans']).replace(/"#\/components\/schemas\/(\w+)"/g, '"#/$defs/$1"')),
      ),
    ).not.toThrow();
  });
});
