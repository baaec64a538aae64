import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { regonFor, startSystem, type System } from '@cas/testing';

/** The HTML form without a browser: CSRF, re-rendering with messages, nothing stored on error. */
let sys: System;
let mongo: MongoClient;
let base: string;

async function openForm(): Promise<{ cookie: string; csrf: string; key: string }> {
  const res = await fetch(`${base}/rejestracja`);
  const page = await res.text();
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  const key = /name="idempotencyKey" value="([^"]+)"/.exec(page)?.[1] ?? '';
  return { cookie, csrf, key };
}

function formBody(n: string, overrides: Record<string, string> = {}, csrf = '', key = ''): URLSearchParams {
  const fields: Record<string, string> = {
    _csrf: csrf,
    idempotencyKey: key,
    unitChoice: 'new',
    'unit.name': 'Ośrodek Pomocy Społecznej w Pińczowie',
    'unit.type': 'ops',
    'unit.regon': regonFor(n),
    'unit.teryt': '2605034',
    'unit.address.street': 'ul. Batorego 20',
    'unit.address.postalCode': '28-400',
    'unit.address.city': 'Pińczów',
    'unit.managerName': 'Jolanta Nowak',
    'unit.email': 'ops@pinczow.example',
    'unit.phone': '41 357 00 00',
    'user.firstName': 'Piotr',
    'user.lastName': 'Zając',
    'user.email': `p.zajac.${n}@pinczow.example`,
    'user.phone': '600 700 800',
    'user.position': 'Informatyk',
    'user.login': `pzajac${n}`,
    'user.password': 'Ponidzie wiosną pachnie',
    'user.passwordRepeat': 'Ponidzie wiosną pachnie',
    consent: 'tak',
    ...overrides,
  };
  const body = new URLSearchParams(fields);
  body.append('grants', 'PS/ocena-zasobow');
  return body;
}

const postForm = (body: URLSearchParams, headers: Record<string, string>) =>
  fetch(`${base}/rejestracja`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...headers },
    body,
  });
const countApps = () => mongo.db('cas_registration').collection('applications').countDocuments();

beforeAll(async () => {
  sys = await startSystem({ services: ['registration'] });
  base = sys.service('registration').baseUrl;
  mongo = await MongoClient.connect(sys.infra.mongoUrl);
});
afterAll(async () => {
  await mongo?.close();
  await sys?.stop();
});

describe('registration form (HTML)', () => {
  it('refuses posts without the CSRF token, with a foreign token, or from another site — with a Polish page, storing nothing', async () => {
    const { cookie, csrf, key } = await openForm();
    const before = await countApps();
    const cases = [
      postForm(formBody('c1', {}, '', key), { cookie }),
      postForm(formBody('c2', {}, 'x'.repeat(43), key), { cookie }),
      postForm(formBody('c3', {}, csrf, key), {}),
      postForm(formBody('c4', {}, csrf, key), { cookie, 'sec-fetch-site': 'cross-site' }),
      postForm(formBody('c5', {}, csrf, key), { cookie, origin: 'https://evil.example' }),
    ];
    for (const res of await Promise.all(cases)) {
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toContain('Formularz wygasł');
    }
    expect(await countApps()).toBe(before);
  });

  it('re-renders with messages next to the fields, keeps what was typed except passwords, stores nothing', async () => {
    const { cookie, csrf, key } = await openForm();
    const before = await countApps();
    const res = await postForm(
      formBody(
        'bad',
        {
          'unit.regon': '123456789',
          'unit.address.postalCode': '28400',
          'user.passwordRepeat': 'inne hasło całkiem',
          'user.email': 'piotr@',
        },
        csrf,
        key,
      ),
      { cookie, 'sec-fetch-site': 'same-origin' },
    );
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('Niepoprawny REGON');
    expect(page).toContain('Kod pocztowy w formacie NN-NNN');
    expect(page).toContain('Hasła nie są takie same');
    expect(page).toContain('Niepoprawny adres e-mail');
    expect(page).toMatch(/id="f-unit-regon"[^>]*aria-invalid="true"/);
    expect(page).toContain('value="Ośrodek Pomocy Społecznej w Pińczowie"');
    expect(page).toContain('value="28400"');
    expect(page).not.toContain('Ponidzie wiosną pachnie');
    expect(page).toMatch(/name="grants" value="PS\/ocena-zasobow"\s+checked/);
    expect(await countApps()).toBe(before);
  });

  it('a valid post redirects to the confirmation; a double-click with the same form creates one application', async () => {
    const { cookie, csrf, key } = await openForm();
    const before = await countApps();
    const body = formBody('ok', {}, csrf, key);
    const [a, b] = await Promise.all([postForm(body, { cookie }), postForm(body, { cookie })]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(a.headers.get('location')).toBe(b.headers.get('location'));
    expect(a.headers.get('location')).toMatch(/^\/wnioski\/26-\d{4}-\d{6}\/potwierdzenie\?t=/);
    expect(await countApps()).toBe(before + 1);
    const confirmation = await (await fetch(`${base}${a.headers.get('location')}`)).text();
    expect(confirmation).toContain('Drukuj formularz');
    expect(confirmation).toContain('/SUWKielce/SkrytkaESP');
  });

  it('hides the printable form behind its token and shows the voivodeship’s channels (or the official-channels text)', async () => {
    const { cookie, csrf, key } = await openForm();
    const res = await postForm(formBody('print', { 'unit.teryt': '1465011', 'unit.name': 'MOPS w Warszawie' }, csrf, key), { cookie });
    const location = res.headers.get('location') ?? '';
    const formUrl = location.replace('potwierdzenie', 'formularz');
    const page = await (await fetch(`${base}${formUrl}`)).text();
    expect(page).toContain('Mazowiecki Urząd Wojewódzki w Warszawie');
    expect(page).toContain('oficjalnych kanałów kontaktu urzędu');
    expect(page).toMatch(/<svg[^>]*viewBox/);
    expect((await fetch(`${base}${formUrl.replace(/t=.*/, 't=wrongtokenwrongtokenwrong')}`)).status).toBe(404);
    expect((await fetch(`${base}${formUrl.replace(/\?t=.*/, '')}`)).status).toBe(404);
  });
});
