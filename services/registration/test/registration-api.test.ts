import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MongoClient } from 'mongodb';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { envelopeSchema, RegistrationEvents } from '@cas/contracts';
import { regonFor, sampleApplication, startSystem, type System } from '@cas/testing';

/** The registration API against real FerretDB, NATS and Redis, with the service as a real process. */
let sys: System;
let mongo: MongoClient;
let nc: NatsConnection;
let api: string;

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${api}/api/v1/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const applications = () => mongo.db('cas_registration').collection('applications');

beforeAll(async () => {
  sys = await startSystem({ services: ['registration'] });
  api = sys.service('registration').baseUrl;
  mongo = await MongoClient.connect(sys.infra.mongoUrl);
  nc = await connect({ servers: sys.infra.natsUrl });
});
afterAll(async () => {
  await nc?.close();
  await mongo?.close();
  await sys?.stop();
});

describe('POST /api/v1/applications', () => {
  it('stores the application and publishes registration.application.submitted.v1 in the schema’s shape', async () => {
    const jsm = await jetstreamManager(nc);
    await jsm.consumers.add('REGISTRATION', {
      durable_name: 'test--shape',
      ack_policy: AckPolicy.Explicit,
      filter_subjects: ['registration.application.submitted.v1'],
    });
    const res = await post(sampleApplication('shape'));
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; number: string; verificationCode: string };
    const consumer = await jetstream(nc).consumers.get('REGISTRATION', 'test--shape');
    const msg = await consumer.next({ expires: 10_000 });
    expect(msg).not.toBeNull();
    const env = envelopeSchema.parse(msg!.json());
    const data = RegistrationEvents.applicationSubmitted.data.parse(env.data);
    expect(data).toMatchObject({
      applicationId: body.id,
      number: body.number,
      voivodeship: '26',
      kind: 'new-unit',
      verificationCode: body.verificationCode,
    });
    expect(data.user).not.toHaveProperty('password');
    expect(data.user).not.toHaveProperty('passwordHash');
    expect(data.user.phone).toBe('+48600100200');
    expect(new Date(data.expiresAt).getTime() - new Date(data.submittedAt).getTime()).toBe(30 * 86_400_000);
    const stored = await applications().findOne({ _id: body.id as never });
    expect(stored).toMatchObject({ status: 'awaiting-document', kind: 'new-unit' });
    const unit = await mongo
      .db('cas_registration')
      .collection('units')
      .findOne({ regon: regonFor('shape') });
    expect(unit).toMatchObject({ status: 'pending' });
  });

  it('keeps logins unique across CAS, case-insensitively', async () => {
    expect((await post(sampleApplication('login1'))).status).toBe(201);
    const again = { ...sampleApplication('login2'), user: { ...sampleApplication('login2').user, login: 'JNOWAKLOGIN1' } };
    const res = await post(again);
    expect(res.status).toBe(422);
    const p = (await res.json()) as { code: string; errors: { field: string; message: string }[] };
    expect(p.code).toBe('REGISTRATION.LOGIN_TAKEN');
    expect(p.errors[0]?.field).toBe('user.login');
    // The refused request left nothing behind: its unit's REGON is still free.
    expect(
      await mongo
        .db('cas_registration')
        .collection('units')
        .countDocuments({ regon: regonFor('login2') }),
    ).toBe(0);
  });

  it('refuses a new unit whose REGON is pending or active, pointing at "join existing unit"', async () => {
    const first = sampleApplication('regon-a');
    expect((await post(first)).status).toBe(201);
    const second = { ...sampleApplication('regon-b'), unit: { ...sampleApplication('regon-b').unit, regon: first.unit.regon } };
    const res = await post(second);
    expect(res.status).toBe(422);
    const p = (await res.json()) as { code: string; errors: { field: string; message: string }[] };
    expect(p.code).toBe('REGISTRATION.REGON_TAKEN');
    expect(p.errors[0]).toMatchObject({ field: 'unit.regon' });
    expect(p.errors[0]?.message).toContain('Dołącz do istniejącej jednostki');
    // …and the refused request released its login.
    expect(
      await mongo
        .db('cas_registration')
        .collection('logins')
        .countDocuments({ _id: 'jnowakregon-b' as never }),
    ).toBe(0);
  });

  it('lets a user join an existing active unit found by REGON, TERYT or name (public fields only)', async () => {
    const regon = regonFor('active-unit');
    await mongo
      .db('cas_registration')
      .collection('units')
      .insertOne({
        _id: 'unit-active-1' as never,
        name: 'Powiatowe Centrum Pomocy Rodzinie w Busku-Zdroju',
        nameLower: 'powiatowe centrum pomocy rodzinie w busku-zdroju',
        type: 'pcpr',
        regon,
        teryt: '2601011',
        address: { street: 'ul. Mickiewicza 15', postalCode: '28-100', city: 'Busko-Zdrój' },
        managerName: 'Tajny Kierownik',
        email: 'tajny@pcpr.example',
        phone: '+48413700000',
        status: 'active',
      });
    for (const q of [regon, '2601011', 'busku']) {
      const res = await fetch(`${api}/api/v1/units?query=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      const { units } = (await res.json()) as { units: Record<string, unknown>[] };
      expect(units.map((u) => u.id)).toContain('unit-active-1');
      const text = JSON.stringify(units);
      expect(text).not.toContain('Tajny');
      expect(text).not.toContain('tajny@');
    }
    const res = await post({ ...sampleApplication('joiner'), unit: { existingUnitId: 'unit-active-1' } });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect(await applications().findOne({ _id: id as never })).toMatchObject({
      kind: 'existing-unit',
      voivodeship: '26',
      unit: { id: 'unit-active-1' },
    });
    expect((await post({ ...sampleApplication('joiner2'), unit: { existingUnitId: 'no-such-unit' } })).status).toBe(422);
  });

  it('normalises Unicode to NFC and refuses invisible or direction-changing characters', async () => {
    const nfd = 'Ośrodek'.normalize('NFD');
    const ok = { ...sampleApplication('nfc'), user: { ...sampleApplication('nfc').user, lastName: `Wójcik-${nfd}` } };
    const res = await post(ok);
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect((await applications().findOne({ _id: id as never }))?.user.lastName).toBe(`Wójcik-${'Ośrodek'.normalize('NFC')}`);
    for (const bad of ['Jan\u200bNowak', 'Jan\u202eNowak', 'Jan\u0000', 'Ja\ufeffn']) {
      const r = await post({ ...sampleApplication('uni'), user: { ...sampleApplication('uni').user, firstName: bad } });
      expect(r.status).toBe(400);
      expect(((await r.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain('user.firstName');
    }
  });

  it('answers 1,000 generated bad bodies with 4xx, never 5xx, and stores nothing for them', async () => {
    const before = await applications().countDocuments();
    const leafPaths = [
      ['unit', 'name'],
      ['unit', 'type'],
      ['unit', 'regon'],
      ['unit', 'nip'],
      ['unit', 'teryt'],
      ['unit', 'address', 'postalCode'],
      ['unit', 'address'],
      ['unit', 'email'],
      ['unit', 'phone'],
      ['unit'],
      ['user', 'firstName'],
      ['user', 'email'],
      ['user', 'login'],
      ['user', 'password'],
      ['user'],
      ['grants'],
      ['grants', '0'],
      ['grants', '0', 'area'],
      ['grants', '0', 'subArea'],
      ['consent'],
    ];
    const junk = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constant(''),
      fc.constant('x'.repeat(5_000)),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
      fc.constant({ $gt: '' }),
      fc.constant({ $where: 'sleep(1000)' }),
      fc.constant('\u202e\u200b'),
      fc.constant('12345678901234567890'),
    );
    let created = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...leafPaths),
        junk,
        fc.option(fc.constantFrom('__proto__', 'constructor', '$set', 'isAdmin', 'status'), { nil: undefined }),
        async (path, value, extraKey) => {
          const body = JSON.parse(JSON.stringify(sampleApplication(`fuzz${Math.random().toString(36).slice(2, 10)}`))) as Record<
            string,
            unknown
          >;
          let target: Record<string, unknown> = body;
          for (const k of path.slice(0, -1)) target = target[k] as Record<string, unknown>;
          target[path[path.length - 1]!] = value;
          let text = JSON.stringify(body);
          if (extraKey) text = text.replace(/^\{/, `{"${extraKey}": {"x": 1},`);
          const res = await fetch(`${api}/api/v1/applications`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: text,
          });
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status === 201) created++;
          await res.arrayBuffer();
          return res.status < 500;
        },
      ),
      { numRuns: 1_000 },
    );
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
    expect(await applications().countDocuments()).toBe(before + created);
  }, 180_000);
});

describe('status, catalogues, help', () => {
  it('shows status and dates for the number and e-mail pair, 404 for anything else', async () => {
    const res = await post(sampleApplication('status1'));
    const { number } = (await res.json()) as { number: string };
    const ok = await fetch(
      `${api}/api/v1/applications/status?number=${encodeURIComponent(number)}&email=${encodeURIComponent('JAN.NOWAK.status1@mopr.kielce.example')}`,
    );
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['number', 'status', 'timeline']);
    expect(body).toMatchObject({ number, status: 'awaiting-document' });
    const wrongMail = await fetch(`${api}/api/v1/applications/status?number=${encodeURIComponent(number)}&email=x%40y.pl`);
    const unknown = await fetch(`${api}/api/v1/applications/status?number=26%2F1999%2F000001&email=x%40y.pl`);
    expect([wrongMail.status, unknown.status]).toEqual([404, 404]);
    expect(((await wrongMail.json()) as { detail: string }).detail).toBe(((await unknown.json()) as { detail: string }).detail);
    expect((await fetch(`${api}/api/v1/applications/status?number=abc&email=x`)).status).toBe(400);
  });

  it('publishes the catalogues and the instructional videos', async () => {
    const c = (await (await fetch(`${api}/api/v1/catalogues`)).json()) as {
      voivodeships: { code: string; office: { epuapBox?: string; email?: string } }[];
      areas: { code: string; subAreas: unknown[] }[];
      unitTypes: unknown[];
    };
    expect(c.voivodeships.map((v) => v.code)).toEqual([
      '02',
      '04',
      '06',
      '08',
      '10',
      '12',
      '14',
      '16',
      '18',
      '20',
      '22',
      '24',
      '26',
      '28',
      '30',
      '32',
    ]);
    expect(c.voivodeships.find((v) => v.code === '26')?.office).toMatchObject({
      epuapBox: '/SUWKielce/SkrytkaESP',
      email: 'wps00@kielce.uw.gov.pl',
    });
    expect(c.areas.map((a) => a.code)).toEqual(['PS', 'WRiSPZ', 'SR', 'FA', 'KDR', 'OP-3']);
    const v = (await (await fetch(`${api}/api/v1/help/videos`)).json()) as { videos: { order: number; url: string }[] };
    expect(v.videos.length).toBeGreaterThan(5);
    expect(v.videos.map((x) => x.order)).toEqual([...v.videos.map((x) => x.order)].sort((a, b) => a - b));
  });

  it('publishes an OpenAPI 3.1 document whose request schema accepts a valid body and refuses an unknown key', async () => {
    const doc = (await (await fetch(`${api}/api/v1/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Record<string, unknown> }> } }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/applications',
        '/api/v1/applications/status',
        '/api/v1/catalogues',
        '/api/v1/help/videos',
        '/api/v1/units',
        '/api/v1/auth/login',
        '/api/v1/auth/password-reminder',
        '/api/v1/auth/password',
        '/api/v1/permission-requests',
        '/.well-known/jwks.json',
      ]),
    );
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(doc.paths['/api/v1/applications']!.post!.requestBody!.content['application/json']!.schema);
    expect(validate(sampleApplication('openapi'))).toBe(true);
    expect(validate({ ...sampleApplication('openapi'), isAdmin: true })).toBe(false);
    const login = ajv.compile(doc.paths['/api/v1/auth/login']!.post!.requestBody!.content['application/json']!.schema);
    expect(login({ login: 'jnowak', password: 'x' })).toBe(true);
    expect(login({ login: 'jnowak', password: 'x', role: 'central-admin' })).toBe(false);
  });
});
