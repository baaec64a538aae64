import { ApprovalEvents, IntakeEvents, RegistrationEvents } from '@cas/contracts';
import { accountActivatedEmail } from './account-activated.js';
import { accountBlockedEmail } from './account-blocked.js';
import { accountClosedEmail } from './account-closed.js';
import { applicationExpiredEmail } from './application-expired.js';
import { applicationRejectedEmail } from './application-rejected.js';
import { applicationRemindedEmail } from './application-reminded.js';
import { applicationSubmittedEmail } from './application-submitted.js';
import type { RenderedEmail } from './common.js';
import { applicationContactFrom, permissionRequestContactFrom, type Office } from './contact.js';
import { emailChangeEmail } from './email-change.js';
import { TEMPLATES, type TemplateName } from './names.js';
import { fillTemporaryPassword, passwordReminderEmail } from './password-reminder.js';
import { permissionRequestReceivedEmail } from './permission-request-received.js';
import { permissionRequestRejectedEmail } from './permission-request-rejected.js';
import { permissionsGrantedEmail } from './permissions-granted.js';
import { scanReceivedEmail } from './scan-received.js';
import { waitingDigestEmail } from './waiting-digest.js';

/** One e-mail as the preview page shows it: its stored name, when it is sent (Polish) and a rendering of sample data. */
export interface TemplatePreview {
  name: TemplateName;
  when: string;
  email: RenderedEmail;
}

/** The office from the original help text (Świętokrzyskie). */
const OFFICE: Office = {
  name: 'Świętokrzyski Urząd Wojewódzki w Kielcach',
  epuapBox: '/SUWKielce/SkrytkaESP',
  email: 'wps00@kielce.uw.gov.pl',
  department: 'Wydział Polityki Społecznej i Zdrowia',
};

/** Obviously not a real password: the preview never shows one. */
const SAMPLE_PASSWORD = 'PRZYKLAD-haslo-0000';

const person = { firstName: 'Anna', lastName: 'Kowalska' };
const unit = { id: 'unit-26-0042', name: 'Miejski Ośrodek Pomocy Rodzinie w Kielcach' };
const email = 'anna.kowalska@mopr.kielce.example';

/** Sample events, parsed through the event schemas so the preview never shows data no event could carry. */
function samples(portalBaseUrl: string) {
  const submitted = RegistrationEvents.applicationSubmitted.data.parse({
    applicationId: 'app-26-2027-000042',
    number: '26/2027/000042',
    voivodeship: '26',
    kind: 'new-unit',
    unit: { ...unit, isNew: true, type: 'mopr', regon: '290009830', teryt: '2661011' },
    user: { id: 'user-0042', ...person, email, phone: '41 300 00 00', position: 'specjalistka ds. sprawozdawczości', login: 'akowalska' },
    grants: [
      { area: 'PS', subArea: 'sprawozdania-resortowe' },
      { area: 'SR', subArea: 'swiadczenia-rodzinne' },
    ],
    verificationCode: 'K7QW2MZP',
    submittedAt: '2027-01-11T09:15:00.000Z',
    expiresAt: '2027-02-10T22:59:59.000Z',
    formPath: '/wnioski/26-2027-000042/formularz?t=przyklad-tokenu',
  });
  const permissionRequest = RegistrationEvents.permissionRequestSubmitted.data.parse({
    requestId: 'req-0007',
    user: { id: 'user-0042', ...person, login: 'akowalska', email },
    targetUnit: { id: unit.id, name: unit.name, regon: '290009830', teryt: '2661011' },
    voivodeship: '26',
    subAreas: [
      { area: 'FA', subArea: 'fundusz-alimentacyjny' },
      { area: 'KDR', subArea: 'karta-duzej-rodziny' },
    ],
    justification: 'Przejęłam sprawozdawczość z funduszu alimentacyjnego i Karty Dużej Rodziny.',
    submittedAt: '2027-03-02T11:40:00.000Z',
  });
  return {
    submitted,
    contact: applicationContactFrom(submitted),
    permissionRequest,
    scan: IntakeEvents.scanMatched.data.parse({
      scanId: 'scan-0913',
      applicationId: submitted.applicationId,
      number: submitted.number,
      matchedBy: 'qr',
      verified: true,
      channel: 'epuap',
      receivedAt: '2027-01-18T12:05:00.000Z',
      contentType: 'application/pdf',
      pages: 2,
      sha256: 'a'.repeat(64),
    }),
    rejected: ApprovalEvents.applicationRejected.data.parse({
      applicationId: submitted.applicationId,
      number: submitted.number,
      decidedBy: 'admin-26-01',
      decidedAt: '2027-01-20T10:30:00.000Z',
      reasonCode: 'missing-signature',
      reasonText:
        'Na skanie formularza brakuje podpisu i pieczątki kierownika jednostki.\nProszę złożyć nowy wniosek i przesłać podpisany formularz.',
    }),
    permissionRejected: ApprovalEvents.permissionRequestRejected.data.parse({
      requestId: permissionRequest.requestId,
      decidedBy: 'admin-26-01',
      decidedAt: '2027-03-04T08:20:00.000Z',
      reason: 'Jednostka nie realizuje zadań z zakresu Karty Dużej Rodziny.',
    }),
    activated: RegistrationEvents.accountActivated.data.parse({
      userId: 'user-0042',
      login: 'akowalska',
      email,
      name: person,
      unit,
      grants: submitted.grants,
      applicationId: submitted.applicationId,
    }),
    closed: RegistrationEvents.accountClosed.data.parse({
      userId: 'user-0042',
      login: 'akowalska',
      email,
      name: person,
      reason: 'Na prośbę kierownika jednostki: osoba nie zajmuje się już sprawozdawczością.',
    }),
    blocked: RegistrationEvents.accountBlocked.data.parse({
      userId: 'user-0042',
      login: 'akowalska',
      email,
      failedAttempts: 5,
      blockedAt: '2027-04-07T07:48:00.000Z',
    }),
    reminder: RegistrationEvents.passwordReminderIssued.data.parse({
      userId: 'user-0042',
      email,
      name: person,
      encryptedTemporaryPassword: 'cHJ6eWtsYWQ.a2x1Y3o.aXY.c3p5ZnI.dGFn',
      expiresAt: '2027-04-07T09:00:00.000Z',
    }),
    granted: RegistrationEvents.permissionsGranted.data.parse({
      requestId: permissionRequest.requestId,
      userId: 'user-0042',
      email,
      grants: [{ area: 'FA', subArea: 'fundusz-alimentacyjny' }],
    }),
    emailChange: RegistrationEvents.emailChangeRequested.data.parse({
      userId: 'user-0042',
      login: 'akowalska',
      name: person,
      newEmail: 'a.kowalska@mopr.kielce.example',
      confirmUrl: `${portalBaseUrl}/parametry-uzytkownika/email?t=przyklad-tokenu`,
      expiresAt: '2027-05-10T12:00:00.000Z',
    }),
  };
}

/**
 * Every template rendered with realistic sample data (Świętokrzyskie), in the order an applicant meets them,
 * for the preview page. The record is keyed by TEMPLATES' keys, so a new template without a sample does not compile.
 */
export function templatePreviews(portalBaseUrl: string, approvalUrl: string): TemplatePreview[] {
  const s = samples(portalBaseUrl);
  const all: Record<keyof typeof TEMPLATES, { when: string; email: () => RenderedEmail }> = {
    applicationSubmitted: {
      when: 'Po złożeniu wniosku rejestracyjnego, do wnioskodawcy.',
      email: () => applicationSubmittedEmail(s.submitted, portalBaseUrl, OFFICE),
    },
    scanReceived: {
      when: 'Gdy do urzędu wpłynie skan podpisanego formularza i zostanie dopasowany do wniosku.',
      email: () => scanReceivedEmail(s.contact, s.scan, portalBaseUrl),
    },
    applicationReminded: {
      when: 'Gdy po kilkunastu dniach od złożenia wniosku nadal nie ma podpisanego formularza (przypomnienie).',
      email: () => applicationRemindedEmail(s.contact, OFFICE, portalBaseUrl),
    },
    applicationExpired: {
      when: 'Gdy podpisany formularz nie wpłynął w terminie i wniosek wygasł.',
      email: () => applicationExpiredEmail(s.contact, portalBaseUrl),
    },
    applicationRejected: {
      when: 'Gdy administrator wojewódzki odrzuci wniosek rejestracyjny.',
      email: () => applicationRejectedEmail(s.contact, s.rejected, portalBaseUrl),
    },
    accountActivated: {
      when: 'Gdy administrator wojewódzki zatwierdzi wniosek i konto stanie się aktywne.',
      email: () => accountActivatedEmail(s.activated, portalBaseUrl),
    },
    accountClosed: {
      when: 'Gdy konto zostanie zamknięte (także razem z nieprzyjętym wnioskiem).',
      email: () => accountClosedEmail(s.closed, portalBaseUrl),
    },
    accountBlocked: {
      when: 'Gdy konto zostanie zablokowane po kolejnych nieudanych próbach logowania.',
      email: () => accountBlockedEmail(s.blocked, portalBaseUrl),
    },
    passwordReminder: {
      when: 'Po użyciu funkcji „Przypomnij hasło” (hasło w podglądzie jest przykładowe).',
      email: () => fillTemporaryPassword(passwordReminderEmail(s.reminder, portalBaseUrl), SAMPLE_PASSWORD),
    },
    emailChange: {
      when: 'Gdy użytkownik zmieni adres e-mail w „Parametrach użytkownika”: wysyłany na nowy adres.',
      email: () => emailChangeEmail(s.emailChange),
    },
    permissionRequestReceived: {
      when: 'Po złożeniu wniosku o rozszerzenie uprawnień („Wnioskuj o rozszerzenie uprawnień”).',
      email: () => permissionRequestReceivedEmail(s.permissionRequest, portalBaseUrl),
    },
    permissionsGranted: {
      when: 'Gdy administrator wojewódzki zatwierdzi wniosek o rozszerzenie uprawnień.',
      email: () => permissionsGrantedEmail(s.granted, portalBaseUrl),
    },
    permissionRequestRejected: {
      when: 'Gdy administrator wojewódzki odrzuci wniosek o rozszerzenie uprawnień.',
      email: () => permissionRequestRejectedEmail(permissionRequestContactFrom(s.permissionRequest), s.permissionRejected, portalBaseUrl),
    },
    waitingDigest: {
      when: 'Codziennie, do administratorów województwa, gdy są wnioski czekające dłużej niż ustalona liczba dni.',
      email: () =>
        waitingDigestEmail({
          voivodeshipName: 'świętokrzyskie',
          afterDays: 14,
          date: '2027-02-01',
          approvalUrl,
          items: [
            {
              number: '26/2027/000017',
              unitName: 'Gminny Ośrodek Pomocy Społecznej w Chęcinach',
              status: 'awaiting-document',
              daysWaiting: 22,
            },
            { number: '26/2027/000042', unitName: unit.name, status: 'ready-for-review', daysWaiting: 15 },
          ],
        }),
    },
  };
  return (Object.keys(all) as (keyof typeof TEMPLATES)[]).map((key) => ({
    name: TEMPLATES[key],
    when: all[key].when,
    email: all[key].email(),
  }));
}
