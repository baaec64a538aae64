import { describe, expect, it } from 'vitest';
import { RegistrationEvents, type EventData } from '@cas/contracts';
import {
  accountActivatedEmail,
  accountBlockedEmail,
  accountClosedEmail,
  applicationSubmittedEmail,
  fillTemporaryPassword,
  formatDateTime,
  headerSafe,
  passwordReminderEmail,
  permissionsGrantedEmail,
  emailChangeEmail,
  TEMPLATES,
  TEMPORARY_PASSWORD_PLACEHOLDER,
  type RenderedEmail,
} from '../src/domain/templates/index.js';
import { enqueueEmail, registrationEmailHandlers, type EmailHandlerDeps } from '../src/events/registration-emails.handler.js';

const PORTAL = 'https://portal.example.test';
const HOSTILE = '<script>alert("x")</script> & \'co\'';
const INJECTION = 'jnowak\r\nBcc: victim@example.test\nX-Evil: 1';
const name = { firstName: HOSTILE, lastName: 'Nowak' };

/** Parsed through the event schemas, as the consumer would, so the fixtures stay valid events. */
const activated = (over: Partial<EventData<typeof RegistrationEvents.accountActivated>> = {}) =>
  RegistrationEvents.accountActivated.data.parse({
    userId: 'u-1',
    login: 'jnowak',
    email: 'jan@example.test',
    name,
    unit: { id: 'unit-1', name: `MOPR ${HOSTILE}` },
    grants: [
      { area: 'PS', subArea: 'sprawozdania-resortowe' },
      { area: 'OP-3', subArea: 'opieka-do-lat-3' },
    ],
    applicationId: 'app-1',
    ...over,
  });
const closed = (over: Partial<EventData<typeof RegistrationEvents.accountClosed>> = {}) =>
  RegistrationEvents.accountClosed.data.parse({
    userId: 'u-1',
    login: 'jnowak',
    email: 'jan@example.test',
    name,
    reason: `Formularz bez podpisu kierownika.\n${HOSTILE}`,
    applicationId: 'app-1',
    ...over,
  });
const blocked = (over: Partial<EventData<typeof RegistrationEvents.accountBlocked>> = {}) =>
  RegistrationEvents.accountBlocked.data.parse({
    userId: 'u-1',
    login: 'jnowak',
    email: 'jan@example.test',
    failedAttempts: 5,
    blockedAt: '2027-01-15T13:30:00.000Z',
    ...over,
  });
const reminder = (over: Partial<EventData<typeof RegistrationEvents.passwordReminderIssued>> = {}) =>
  RegistrationEvents.passwordReminderIssued.data.parse({
    userId: 'u-1',
    email: 'jan@example.test',
    name,
    encryptedTemporaryPassword: 'aGVhZGVy.a2V5.aXY.Y2lwaGVy.dGFn',
    expiresAt: '2027-07-15T13:30:00.000Z',
    ...over,
  });
const granted = () =>
  RegistrationEvents.permissionsGranted.data.parse({
    requestId: 'r-1',
    userId: 'u-1',
    email: 'jan@example.test',
    grants: [{ area: 'SR', subArea: `swiadczenia-rodzinne<b>` }],
  });

/** HTML may only carry the hostile text escaped; the text part is plain text and keeps it as written. */
function expectEscaped(mail: RenderedEmail): void {
  expect(mail.html).not.toContain('<script>');
  expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;');
  expect(mail.text).toContain(HOSTILE);
}

function expectHeaderSafe(subject: string): void {
  expect(subject).not.toMatch(/[\r\n]/);
  expect(subject.length).toBeLessThanOrEqual(200);
}

describe('template names are stored names', () => {
  it('keeps the names in the ledger stable', () => {
    expect(TEMPLATES).toEqual({
      applicationSubmitted: 'application-submitted',
      accountActivated: 'account-activated',
      accountClosed: 'account-closed',
      accountBlocked: 'account-blocked',
      passwordReminder: 'password-reminder',
      permissionsGranted: 'permissions-granted',
      emailChange: 'email-change',
    });
    for (const t of Object.values(TEMPLATES)) expect(t).toMatch(/^[a-z-]+$/); // part of job ids: no ':'
  });

  it('has a handler for each account e-mail event (and so a filter subject on the consumer)', () => {
    const handlers = registrationEmailHandlers({ portalBaseUrl: PORTAL } as EmailHandlerDeps);
    expect(Object.keys(handlers).sort()).toEqual(
      [
        RegistrationEvents.applicationSubmitted.subject,
        RegistrationEvents.accountActivated.subject,
        RegistrationEvents.accountClosed.subject,
        RegistrationEvents.accountBlocked.subject,
        RegistrationEvents.passwordReminderIssued.subject,
        RegistrationEvents.permissionsGranted.subject,
        RegistrationEvents.emailChangeRequested.subject,
      ].sort(),
    );
  });
});

describe('e-mail change', () => {
  it('sends the confirmation link to the new address, escaped, with a header-safe subject', () => {
    const mail = emailChangeEmail({
      userId: 'u1',
      login: 'jnowak\r\nBcc: x@y.test',
      name: { firstName: '<script>', lastName: 'Nowak' },
      newEmail: 'nowy@gmina.example',
      confirmUrl: 'https://cas.example/parametry-uzytkownika/email?t=abc&x=1',
      expiresAt: '2026-01-15T10:00:00.000Z',
    });
    expectHeaderSafe(mail.subject);
    expect(mail.text).toContain('https://cas.example/parametry-uzytkownika/email?t=abc&x=1');
    expect(mail.html).toContain('href="https://cas.example/parametry-uzytkownika/email?t=abc&amp;x=1"');
    expect(mail.html).not.toContain('<script>');
    expect(mail.text).toContain('15 stycznia 2026');
  });
});

describe('recipients', () => {
  it('refuses anything but one plain address, as a 4xx the consumer dead-letters instead of retrying', async () => {
    const claimed: unknown[] = [];
    const deps = { deliveries: { claim: async (d: unknown) => claimed.push(d) }, portalBaseUrl: PORTAL } as unknown as EmailHandlerDeps;
    const event = { id: '0190a000-0000-7000-8000-000000000001' } as never;
    const mail = { subject: 's', text: 't', html: 'h' };
    for (const to of ['a@x.test, b@y.test', 'a@x.test\r\nBcc: b@y.test', 'Jan <a@x.test>', 'no-at-sign', 'a@x.test;b@y.test']) {
      await expect(enqueueEmail(deps, event, TEMPLATES.accountBlocked, to, mail)).rejects.toMatchObject({
        code: 'NOTIFICATION.BAD_RECIPIENT',
        status: 422,
      });
    }
    expect(claimed).toEqual([]);
  });
});

describe('headerSafe and dates', () => {
  it('strips CR/LF and control characters and bounds the length', () => {
    expect(headerSafe(`a\r\nBcc: x@y\u2028z\t!`)).toBe('a Bcc: x@y z !');
    expect(headerSafe('x'.repeat(500))).toHaveLength(200);
  });

  it('formats in Polish, Warsaw time, winter and summer', () => {
    expect(formatDateTime('2027-01-15T13:30:00.000Z')).toBe('15 stycznia 2027 r., godz. 14:30');
    expect(formatDateTime('2027-07-15T13:30:00.000Z')).toBe('15 lipca 2027 r., godz. 15:30');
    expect(formatDateTime('2027-03-31T22:05:00Z')).toBe('1 kwietnia 2027 r., godz. 00:05');
  });
});

describe('account activated', () => {
  it('gives login, unit, grants and the login link', () => {
    const mail = accountActivatedEmail(activated(), PORTAL);
    expect(mail.subject).toBe('Konto w CAS jest aktywne (login: jnowak)');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('jnowak');
      expect(part).toContain('Pomoc Społeczna (PS): sprawozdania-resortowe');
      expect(part).toContain('Opieka nad dziećmi do lat 3 (OP-3): opieka-do-lat-3');
    }
    expect(mail.text).toContain(`${PORTAL}/logowanie`);
    expect(mail.html).toContain(`href="${PORTAL}/logowanie"`);
    expect(mail.html).toContain('<html lang="pl">');
    expectEscaped(mail);
  });

  it('says so when there are no grants, and keeps the subject header-safe', () => {
    const mail = accountActivatedEmail(activated({ grants: [], login: INJECTION }), PORTAL);
    expect(mail.text).toContain('(brak');
    expectHeaderSafe(mail.subject);
    expect(mail.subject).toBe('Konto w CAS jest aktywne (login: jnowak Bcc: victim@example.test X-Evil: 1)');
  });
});

describe('account closed', () => {
  it('carries the reason and the link to apply again', () => {
    const mail = accountClosedEmail(closed(), PORTAL);
    expect(mail.subject).toBe('Konto w CAS zostało zamknięte (login: jnowak)');
    expect(mail.text).toContain('wniosek rejestracyjny do Centralnej Aplikacji Statystycznej (CAS) nie został przyjęty');
    expect(mail.text).toContain('Formularz bez podpisu kierownika.');
    expect(mail.text).toContain(`${PORTAL}/rejestracja`);
    expect(mail.html).toContain(`href="${PORTAL}/rejestracja"`);
    expectEscaped(mail);
  });

  it('speaks of the account only when no application is involved; subject stays header-safe', () => {
    const mail = accountClosedEmail(closed({ applicationId: undefined, login: INJECTION }), PORTAL);
    expect(mail.text).not.toContain('wniosek rejestracyjny do');
    expect(mail.text).toContain('zostało zamknięte');
    expectHeaderSafe(mail.subject);
  });
});

describe('account blocked', () => {
  it('says why, when (Warsaw time) and what to do', () => {
    const mail = accountBlockedEmail(blocked({ login: `<b>${INJECTION}` }), PORTAL);
    expect(mail.subject).toMatch(/^Konto zablokowane po 5 nieudanych próbach logowania \(login: /);
    expectHeaderSafe(mail.subject);
    expect(mail.text).toContain('15 stycznia 2027 r., godz. 14:30');
    expect(mail.text).toContain('„Przypomnij hasło”');
    expect(mail.text).toContain(`${PORTAL}/przypomnij-haslo`);
    expect(mail.text).toContain('skontaktuj się z urzędem wojewódzkim');
    expect(mail.html).toContain(`href="${PORTAL}/przypomnij-haslo"`);
    expect(mail.html).toContain('&lt;b&gt;jnowak');
    expect(mail.html).not.toContain('<b>jnowak');
  });

  it('uses the singular for one attempt', () => {
    expect(accountBlockedEmail(blocked({ failedAttempts: 1 }), PORTAL).subject).toContain('po 1 nieudanej próbie logowania');
  });
});

describe('password reminder', () => {
  it('stores a placeholder, never a password, plus validity and instructions', () => {
    const mail = passwordReminderEmail(reminder(), PORTAL);
    expect(mail.subject).toBe('Hasło tymczasowe do CAS');
    expect(mail.text).toContain(TEMPORARY_PASSWORD_PLACEHOLDER);
    expect(mail.html).toContain(TEMPORARY_PASSWORD_PLACEHOLDER);
    expect(mail.text).toContain('ważne do 15 lipca 2027 r., godz. 15:30');
    expect(mail.text).toContain('system poprosi o ustawienie nowego hasła');
    expect(mail.text).toContain('Dotychczasowe hasło działa');
    expect(mail.text).toContain('zignoruj tę wiadomość');
    expect(mail.text).toContain(`${PORTAL}/logowanie`);
    expect(JSON.stringify(mail)).not.toContain('aGVhZGVy'); // the JWE goes to its own field, not into the text
    expectEscaped(mail);
  });

  it('fills the password in (escaped in HTML, `$` patterns kept literally)', () => {
    const password = `Ab1<&>"'$&$1-xyz`;
    const mail = fillTemporaryPassword(passwordReminderEmail(reminder(), PORTAL), password);
    expect(mail.text).toContain(`    ${password}\n`);
    expect(mail.html).toContain('Ab1&lt;&amp;&gt;&quot;&#39;$&amp;$1-xyz');
    expect(mail.html).not.toContain(password);
    expect(mail.text + mail.html).not.toContain(TEMPORARY_PASSWORD_PLACEHOLDER);
    expect(mail.subject).not.toContain(password);
  });

  it('a name containing the placeholder does not receive the password', () => {
    const data = reminder({ name: { firstName: TEMPORARY_PASSWORD_PLACEHOLDER, lastName: 'Nowak' } });
    const mail = fillTemporaryPassword(passwordReminderEmail(data, PORTAL), 'Sekret-123456');
    expect(mail.text.match(/Sekret-123456/g)).toHaveLength(1);
    expect(mail.html.match(/Sekret-123456/g)).toHaveLength(1);
  });

  it('refuses to fill an e-mail without the placeholder', () => {
    expect(() => fillTemporaryPassword({ subject: 's', text: 't', html: 'h' }, 'Sekret-123456')).toThrow(/placeholder/);
  });
});

describe('permissions granted', () => {
  it('lists the new grants, escaped', () => {
    const mail = permissionsGrantedEmail(granted(), PORTAL);
    expect(mail.subject).toBe('Przyznano nowe uprawnienia w CAS');
    expect(mail.text).toContain('- Świadczenia Rodzinne (SR): swiadczenia-rodzinne<b>');
    expect(mail.html).toContain('<li>Świadczenia Rodzinne (SR): swiadczenia-rodzinne&lt;b&gt;</li>');
    expect(mail.html).toContain(`href="${PORTAL}/logowanie"`);
  });
});

describe('application submitted (moved, unchanged)', () => {
  it('still renders number, code, deadline and status link, escaped', () => {
    const data = RegistrationEvents.applicationSubmitted.data.parse({
      applicationId: 'a-1',
      number: '26/2027/000123',
      voivodeship: '26',
      kind: 'new-unit',
      unit: { id: 'unit-1', isNew: true, name: `MOPR ${HOSTILE}`, type: 'mopr', regon: '123456785', teryt: '2661011' },
      user: { id: 'u-1', firstName: HOSTILE, lastName: 'Nowak', email: 'jan@example.test', phone: '600', position: 'x', login: 'jnowak' },
      grants: [{ area: 'PS', subArea: 'sprawozdania-resortowe' }],
      verificationCode: 'ABCDEFGH',
      submittedAt: '2027-01-01T10:00:00.000Z',
      expiresAt: '2027-01-31T23:30:00.000Z',
    });
    const mail = applicationSubmittedEmail(data, PORTAL);
    expect(mail.subject).toBe('CAS: wniosek rejestracyjny 26/2027/000123 przyjęty — wydrukuj i wyślij formularz');
    expect(mail.text).toContain('Termin: 1.02.2027.'); // 23:30 UTC is already 1 February in Warsaw
    expect(mail.html).toContain(`href="${PORTAL}/status?number=26%2F2027%2F000123"`);
    expectEscaped(mail);
  });
});
