import { describe, expect, it } from 'vitest';
import { ApprovalEvents, IntakeEvents, RegistrationEvents, type EventData } from '@cas/contracts';
import {
  accountActivatedEmail,
  applicationContactFrom,
  applicationExpiredEmail,
  applicationRejectedEmail,
  applicationRemindedEmail,
  DIGEST_MAX_ITEMS,
  OFFICE_FALLBACK,
  permissionRequestContactFrom,
  permissionRequestReceivedEmail,
  permissionRequestRejectedEmail,
  scanReceivedEmail,
  waitingDigestEmail,
  type ApplicationContact,
  type Office,
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
import { enqueueEmail, type EmailHandlerDeps } from '../src/events/enqueue-email.js';
import { accountEmailHandlers } from '../src/events/account-emails.handler.js';
import { applicationRegistrationHandlers } from '../src/events/application-emails.handler.js';

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
      scanReceived: 'scan-received',
      applicationReminded: 'application-reminded',
      applicationExpired: 'application-expired',
      applicationRejected: 'application-rejected',
      permissionRequestReceived: 'permission-request-received',
      permissionRequestRejected: 'permission-request-rejected',
      waitingDigest: 'waiting-digest',
    });
    for (const t of Object.values(TEMPLATES)) expect(t).toMatch(/^[a-z-]+$/); // part of job ids: no ':'
  });

  it('has a handler for each account e-mail event (and so a filter subject on the consumer)', () => {
    const deps = { portalBaseUrl: PORTAL } as EmailHandlerDeps;
    const handlers = { ...accountEmailHandlers(deps), ...applicationRegistrationHandlers(deps) };
    expect(Object.keys(handlers)).toEqual(
      expect.arrayContaining([
        RegistrationEvents.applicationSubmitted.subject,
        RegistrationEvents.accountActivated.subject,
        RegistrationEvents.accountClosed.subject,
        RegistrationEvents.accountBlocked.subject,
        RegistrationEvents.passwordReminderIssued.subject,
        RegistrationEvents.permissionsGranted.subject,
        RegistrationEvents.emailChangeRequested.subject,
      ]),
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
    const sourceId = '0190a000-0000-7000-8000-000000000001';
    const rendered = { subject: 's', text: 't', html: 'h' };
    for (const to of ['a@x.test, b@y.test', 'a@x.test\r\nBcc: b@y.test', 'Jan <a@x.test>', 'no-at-sign', 'a@x.test;b@y.test']) {
      const email = { sourceId, template: TEMPLATES.accountBlocked, recipient: to, rendered, voivodeship: null };
      await expect(enqueueEmail(deps, email)).rejects.toMatchObject({
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
    expect(mail.text).toContain('hasło trzeba zmienić');
    expect(mail.html).toContain('hasło trzeba zmienić');
    expect(mail.html).toContain('15 lipca 2027 r., godz. 15:30');
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

describe('application submitted', () => {
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
    const mail = applicationSubmittedEmail(data, PORTAL, null);
    expect(mail.subject).toBe('CAS: wniosek rejestracyjny 26/2027/000123 przyjęty — wydrukuj i wyślij formularz');
    expect(mail.text).toContain('Termin: 1.02.2027.'); // 23:30 UTC is already 1 February in Warsaw
    expect(mail.html).toContain(`href="${PORTAL}/status?number=26%2F2027%2F000123"`);
    expectEscaped(mail);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Application lifecycle, permission requests and the administrators' digest.

const OFFICE: Office = {
  name: 'Świętokrzyski Urząd Wojewódzki w Kielcach',
  epuapBox: '/SUWKielce/SkrytkaESP',
  email: 'wps00@kielce.uw.gov.pl',
  department: 'Wydział Polityki Społecznej i Zdrowia',
};
const FORM_PATH = '/wnioski/26-2027-000123/formularz?t=abc_1-x';

const submitted = (over: Partial<EventData<typeof RegistrationEvents.applicationSubmitted>> = {}) =>
  RegistrationEvents.applicationSubmitted.data.parse({
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
    formPath: FORM_PATH,
    ...over,
  });
const contact = (over: Partial<ApplicationContact> = {}): ApplicationContact => ({ ...applicationContactFrom(submitted()), ...over });
const STATUS = `${PORTAL}/status?number=26%2F2027%2F000123`;

/** Real text only: no images, scripts, remote resources or tracking; subjects header-safe. */
function expectPlainMail(mail: RenderedEmail): void {
  expectHeaderSafe(mail.subject);
  expect(mail.html).not.toMatch(/<img|<script|<link|<style|\ssrc=|\sstyle=|url\(/i);
  expect(mail.html).toContain('<html lang="pl">');
}

/** A link is in the text as is and in the HTML as an escaped href. */
function expectLink(mail: RenderedEmail, url: string): void {
  expect(mail.text).toContain(url);
  expect(mail.html).toContain(`href="${url.replaceAll('&', '&amp;')}"`);
}

describe('application submitted: what to print, who signs, where to send', () => {
  it('names the office, its ePUAP box and e-mail, links the printable form and the status page', () => {
    const mail = applicationSubmittedEmail(submitted(), PORTAL, OFFICE);
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('26/2027/000123');
      expect(part).toContain('ABCDEFGH');
      expect(part).toContain('kierownikowi jednostki');
      expect(part).toContain('Świętokrzyski Urząd Wojewódzki w Kielcach');
      expect(part).toContain('/SUWKielce/SkrytkaESP');
      expect(part).toContain('wps00@kielce.uw.gov.pl');
      expect(part).toContain('Wydział Polityki Społecznej i Zdrowia');
      expect(part).toContain('1.02.2027');
      expect(part).not.toContain(OFFICE_FALLBACK);
    }
    expectLink(mail, `${PORTAL}${FORM_PATH}`);
    expectLink(mail, STATUS);
    expectPlainMail(mail);
    expectEscaped(mail);
  });

  it('falls back to the official channels without an office, and to the confirmation page without a form link', () => {
    const mail = applicationSubmittedEmail(submitted({ formPath: undefined }), PORTAL, null);
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain(OFFICE_FALLBACK);
      expect(part).toContain('urzędu wojewódzkiego właściwego dla jednostki');
      expect(part).toContain('link znajdziesz na stronie potwierdzenia wniosku');
      expect(part).not.toContain('/formularz');
    }
    expectLink(mail, STATUS);
    expectPlainMail(mail);
  });

  it('uses the fallback when the office has neither box nor e-mail, and only what is known otherwise', () => {
    const nameOnly = applicationSubmittedEmail(submitted(), PORTAL, { name: 'Mazowiecki Urząd Wojewódzki w Warszawie' });
    expect(nameOnly.text).toContain('Mazowiecki Urząd Wojewódzki w Warszawie');
    expect(nameOnly.text).toContain(OFFICE_FALLBACK);

    const emailOnly = applicationSubmittedEmail(submitted(), PORTAL, { name: 'Urząd', email: 'wps@uw.example' });
    expect(emailOnly.text).toContain('   - e-mailem na adres: wps@uw.example');
    expect(emailOnly.text).not.toContain('ePUAP / e-Doręczenia na adres skrytki');
    expect(emailOnly.text).not.toContain(OFFICE_FALLBACK);
  });

  it('escapes what the catalogue says about the office', () => {
    const mail = applicationSubmittedEmail(submitted(), PORTAL, { ...OFFICE, name: HOSTILE, department: '<b>Wydział</b>' });
    expectEscaped(mail);
    expect(mail.html).toContain('&lt;b&gt;Wydział&lt;/b&gt;');
  });
});

describe('scan received', () => {
  const scan = (over: Partial<EventData<typeof IntakeEvents.scanMatched>> = {}) =>
    IntakeEvents.scanMatched.data.parse({
      scanId: 's-1',
      applicationId: 'a-1',
      number: '26/2027/000123',
      matchedBy: 'qr',
      verified: true,
      channel: 'epuap',
      receivedAt: '2027-01-18T12:05:00.000Z',
      contentType: 'application/pdf',
      pages: 1,
      sha256: 'a'.repeat(64),
      ...over,
    });

  it('confirms the number, the date (Warsaw time), the channel, the review to come and the status link', () => {
    const mail = scanReceivedEmail(contact(), scan(), PORTAL);
    expect(mail.subject).toBe('CAS: otrzymaliśmy podpisany formularz do wniosku 26/2027/000123');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('26/2027/000123');
      expect(part).toContain('18 stycznia 2027 r., godz. 13:05');
      expect(part).toContain('Kanał: ePUAP');
      expect(part).toContain('administratora wojewódzkiego');
    }
    expectLink(mail, STATUS);
    expectPlainMail(mail);
    expectEscaped(mail);
  });

  it('names every channel in Polish', () => {
    const labels = {
      epuap: 'ePUAP',
      'e-doreczenia': 'e-Doręczenia',
      email: 'e-mail',
      post: 'poczta (skan z kancelarii)',
      api: 'kancelaria urzędu',
      'hot-folder': 'skaner kancelarii',
    } as const;
    for (const [channel, label] of Object.entries(labels)) {
      expect(scanReceivedEmail(contact(), scan({ channel: channel as keyof typeof labels }), PORTAL).text).toContain(`Kanał: ${label}.`);
    }
  });

  it('keeps the subject header-safe whatever the name', () => {
    const mail = scanReceivedEmail(contact({ name: { firstName: INJECTION, lastName: 'Nowak' } }), scan(), PORTAL);
    expectHeaderSafe(mail.subject);
  });
});

describe('application reminded', () => {
  it('gives the deadline, the office box and e-mail, the form link and the status link', () => {
    const mail = applicationRemindedEmail(contact(), OFFICE, PORTAL);
    expect(mail.subject).toBe('CAS: czekamy na podpisany formularz do wniosku 26/2027/000123 (termin: 1.02.2027)');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('nie otrzymaliśmy jeszcze podpisanego formularza');
      expect(part).toContain('1.02.2027');
      expect(part).toContain('/SUWKielce/SkrytkaESP');
      expect(part).toContain('wps00@kielce.uw.gov.pl');
      expect(part).toContain('kierownikowi jednostki');
    }
    expectLink(mail, `${PORTAL}${FORM_PATH}`);
    expectLink(mail, STATUS);
    expectPlainMail(mail);
    expectEscaped(mail);
  });

  it('falls back to the official channels without an office, and has no form link without a form path', () => {
    const mail = applicationRemindedEmail(contact({ formPath: null, name: { firstName: INJECTION, lastName: 'X' } }), null, PORTAL);
    expect(mail.text).toContain(OFFICE_FALLBACK);
    expect(mail.html).toContain(OFFICE_FALLBACK);
    expect(mail.text + mail.html).not.toContain('/formularz');
    expectHeaderSafe(mail.subject);
  });
});

describe('application expired', () => {
  it('says the deadline passed and links a new application', () => {
    const mail = applicationExpiredEmail(contact(), PORTAL);
    expect(mail.subject).toBe('CAS: wniosek rejestracyjny 26/2027/000123 wygasł');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('26/2027/000123');
      expect(part).toContain('1.02.2027');
      expect(part).toContain('wygasł');
    }
    expectLink(mail, `${PORTAL}/rejestracja`);
    expectPlainMail(mail);
    expectEscaped(mail);
    expectHeaderSafe(applicationExpiredEmail(contact({ name: { firstName: INJECTION, lastName: 'X' } }), PORTAL).subject);
  });
});

describe('application rejected', () => {
  const rejected = (over: Partial<EventData<typeof ApprovalEvents.applicationRejected>> = {}) =>
    ApprovalEvents.applicationRejected.data.parse({
      applicationId: 'a-1',
      number: '26/2027/000123',
      decidedBy: 'adm-1',
      decidedAt: '2027-01-20T10:30:00.000Z',
      reasonCode: 'missing-signature',
      reasonText: `Brak pieczątki.\n${HOSTILE}`,
      ...over,
    });

  it('gives the reason label, the justification (lines kept), the date and what to do', () => {
    const mail = applicationRejectedEmail(contact(), rejected(), PORTAL);
    expect(mail.subject).toBe('CAS: wniosek rejestracyjny 26/2027/000123 odrzucony');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('Brak podpisu kierownika jednostki');
      expect(part).toContain('20 stycznia 2027 r., godz. 11:30');
      expect(part).toContain('urzędem wojewódzkim');
    }
    expect(mail.text).toContain(`Uzasadnienie:\nBrak pieczątki.\n${HOSTILE}`);
    expect(mail.html).toContain('Brak pieczątki.<br>\n&lt;script&gt;');
    expectLink(mail, `${PORTAL}/rejestracja`);
    expectPlainMail(mail);
    expectEscaped(mail);
  });

  it('shows an unknown code as is (also one that names an Object property), and no justification when none', () => {
    for (const code of ['new-reason-2028', 'constructor', '__proto__']) {
      const mail = applicationRejectedEmail(contact(), rejected({ reasonCode: code, reasonText: null }), PORTAL);
      expect(mail.text).toContain(`Powód: ${code}.`);
      expect(mail.text).not.toContain('Uzasadnienie');
      expect(mail.text).not.toContain('function');
    }
  });

  it('keeps the subject header-safe', () => {
    expectHeaderSafe(applicationRejectedEmail(contact({ name: { firstName: INJECTION, lastName: 'X' } }), rejected(), PORTAL).subject);
  });
});

const permissionRequest = (over: Partial<EventData<typeof RegistrationEvents.permissionRequestSubmitted>> = {}) =>
  RegistrationEvents.permissionRequestSubmitted.data.parse({
    requestId: 'r-1',
    user: { id: 'u-1', firstName: HOSTILE, lastName: 'Nowak', login: 'jnowak', email: 'jan@example.test' },
    targetUnit: { id: 'unit-2', name: `GOPS ${HOSTILE}`, regon: '123456785', teryt: '2604052' },
    voivodeship: '26',
    subAreas: [
      { area: 'FA', subArea: 'fundusz-alimentacyjny' },
      { area: 'KDR', subArea: 'karta<i>' },
    ],
    justification: 'Nowe zadania.',
    submittedAt: '2027-03-02T11:40:00.000Z',
    ...over,
  });

describe('permission request received', () => {
  it('lists the unit and the requested sub-areas and says who decides', () => {
    const mail = permissionRequestReceivedEmail(permissionRequest(), PORTAL);
    expect(mail.subject).toBe('CAS: przyjęliśmy wniosek o rozszerzenie uprawnień (login: jnowak)');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('rozszerzenie uprawnień');
      expect(part).toContain('Fundusz Alimentacyjny (FA): fundusz-alimentacyjny');
      expect(part).toContain('administrator wojewódzki');
      expect(part).toContain('e-mailem');
      expect(part).toContain('2 marca 2027 r., godz. 12:40');
    }
    expect(mail.text).toContain('- Karta Dużej Rodziny (KDR): karta<i>');
    expect(mail.html).toContain('<li>Karta Dużej Rodziny (KDR): karta&lt;i&gt;</li>');
    expectLink(mail, `${PORTAL}/logowanie`);
    expectPlainMail(mail);
    expectEscaped(mail);
  });

  it('keeps the subject header-safe for a hostile login', () => {
    const data = permissionRequest();
    const mail = permissionRequestReceivedEmail({ ...data, user: { ...data.user, login: INJECTION } }, PORTAL);
    expectHeaderSafe(mail.subject);
    expect(mail.subject).toContain('jnowak Bcc: victim@example.test X-Evil: 1');
  });
});

describe('permission request rejected', () => {
  const decision = ApprovalEvents.permissionRequestRejected.data.parse({
    requestId: 'r-1',
    decidedBy: 'adm-1',
    decidedAt: '2027-03-04T08:20:00.000Z',
    reason: `Jednostka nie realizuje KDR.\n${HOSTILE}`,
  });

  it('gives the reason, keeps current permissions and links the login page', () => {
    const mail = permissionRequestRejectedEmail(permissionRequestContactFrom(permissionRequest()), decision, PORTAL);
    expect(mail.subject).toBe('CAS: wniosek o rozszerzenie uprawnień odrzucony');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('Jednostka nie realizuje KDR.');
      expect(part).toContain('bez zmian');
      expect(part).toContain('4 marca 2027 r., godz. 09:20');
      expect(part).toContain('Fundusz Alimentacyjny (FA): fundusz-alimentacyjny');
      expect(part).toContain('Wnioskuj o rozszerzenie uprawnień');
    }
    expect(mail.html).toContain('Jednostka nie realizuje KDR.<br>\n&lt;script&gt;');
    expectLink(mail, `${PORTAL}/logowanie`);
    expectPlainMail(mail);
    expectEscaped(mail);
  });

  it('shows an unexpected area code as is', () => {
    const request = { ...permissionRequestContactFrom(permissionRequest()), subAreas: [{ area: 'toString', subArea: 'x' }] };
    expect(permissionRequestRejectedEmail(request, decision, PORTAL).text).toContain('- toString (toString): x');
  });
});

describe('waiting digest', () => {
  const item = (n: number, over: Partial<{ unitName: string; status: 'awaiting-document' | 'ready-for-review' }> = {}) => ({
    number: `26/2027/${String(n).padStart(6, '0')}`,
    unitName: `Jednostka ${n}`,
    status: 'awaiting-document' as const,
    daysWaiting: 100 - (n % 100),
    ...over,
  });
  const digest = (items: ReturnType<typeof item>[], over: Partial<Parameters<typeof waitingDigestEmail>[0]> = {}) =>
    waitingDigestEmail({
      voivodeshipName: 'świętokrzyskie',
      afterDays: 14,
      date: '2027-02-01',
      items,
      approvalUrl: 'https://admin.example.test/?status=awaiting-document&sort=oldest',
      ...over,
    });

  it('counts, lists in the given order with Polish statuses, in an accessible table, and links the queue', () => {
    const mail = digest([item(1, { unitName: `MOPS ${HOSTILE}` }), item(2, { status: 'ready-for-review' }), item(3)]);
    expect(mail.subject).toBe('CAS, województwo świętokrzyskie: 3 wnioski czekają dłużej niż 14 dni (1.02.2027)');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('3 wnioski czekają dłużej niż 14 dni');
      expect(part).toContain('czeka na skan');
      expect(part).toContain('do rozpatrzenia');
      expect(part).toContain('99 dni');
    }
    expect(mail.text.indexOf('26/2027/000001')).toBeLessThan(mail.text.indexOf('26/2027/000002'));
    expect(mail.text).toContain('- 26/2027/000002 | Jednostka 2 | do rozpatrzenia | 98 dni');
    expect(mail.html).toContain('<caption>');
    expect(mail.html).toContain('<th scope="col">Numer wniosku</th>');
    expect(mail.html).toContain('<th scope="row">26/2027/000001</th>');
    expectLink(mail, 'https://admin.example.test/?status=awaiting-document&sort=oldest');
    expectPlainMail(mail);
    expectEscaped(mail);
  });

  it('uses Polish plurals for counts and days', () => {
    const subjectFor = (n: number, afterDays = 14) =>
      digest(
        Array.from({ length: n }, (_, i) => item(i + 1)),
        { afterDays },
      ).subject.replace(/^.*: /, '');
    expect(subjectFor(1, 1)).toBe('1 wniosek czeka dłużej niż 1 dzień (1.02.2027)');
    expect(subjectFor(5)).toBe('5 wniosków czeka dłużej niż 14 dni (1.02.2027)');
    expect(subjectFor(12)).toBe('12 wniosków czeka dłużej niż 14 dni (1.02.2027)');
    expect(subjectFor(22)).toBe('22 wnioski czekają dłużej niż 14 dni (1.02.2027)');
    expect(digest([]).text).toContain('Żaden wniosek nie czeka dłużej niż 14 dni.');
  });

  it(`lists at most ${DIGEST_MAX_ITEMS} applications and says how many more there are`, () => {
    const mail = digest(Array.from({ length: DIGEST_MAX_ITEMS + 5 }, (_, i) => item(i + 1)));
    expect(mail.subject).toContain('205 wniosków czeka');
    expect(mail.text.split('\n').filter((l) => l.startsWith('- 26/2027/'))).toHaveLength(DIGEST_MAX_ITEMS);
    expect(mail.html.match(/<th scope="row">/g)).toHaveLength(DIGEST_MAX_ITEMS);
    expect(mail.text).not.toContain('26/2027/000201');
    for (const part of [mail.text, mail.html]) expect(part).toContain('5 kolejnych wniosków');
    expect(digest(Array.from({ length: DIGEST_MAX_ITEMS + 1 }, (_, i) => item(i + 1))).text).toContain('1 kolejny wniosek');
  });

  it('keeps the subject header-safe', () => {
    expectHeaderSafe(digest([item(1)], { voivodeshipName: INJECTION }).subject);
  });
});
