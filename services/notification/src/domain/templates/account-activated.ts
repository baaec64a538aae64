import type { EventData, RegistrationEvents } from '@cas/contracts';
import {
  AUTO_FOOTER,
  escapeHtml,
  fullName,
  grantLabels,
  headerSafe,
  htmlDocument,
  htmlLink,
  htmlList,
  type RenderedEmail,
} from './common.js';

/** "Konto w CAS jest aktywne": the login, the unit, the granted sub-areas and where to log in. */
export function accountActivatedEmail(data: EventData<typeof RegistrationEvents.accountActivated>, portalBaseUrl: string): RenderedEmail {
  const loginUrl = `${portalBaseUrl}/logowanie`;
  const name = fullName(data.name);
  const grants = grantLabels(data.grants);
  const grantsText = grants.length > 0 ? grants.map((g) => `- ${g}`) : ['(brak — o uprawnienia możesz wnioskować po zalogowaniu)'];
  const text = [
    `Dzień dobry ${name},`,
    '',
    'Twoje konto w Centralnej Aplikacji Statystycznej (CAS) zostało zatwierdzone i jest aktywne.',
    '',
    `Login: ${data.login}`,
    `Jednostka: ${data.unit.name}`,
    'Przyznane uprawnienia (obszar: podobszar):',
    ...grantsText,
    '',
    `Zaloguj się: ${loginUrl}`,
    'Użyj hasła ustawionego we wniosku rejestracyjnym.',
    '',
    AUTO_FOOTER,
  ].join('\n');
  const html = htmlDocument(
    'Konto w CAS jest aktywne',
    `<p>Dzień dobry ${escapeHtml(name)},</p>
<p>Twoje konto w Centralnej Aplikacji Statystycznej (CAS) zostało zatwierdzone i jest <strong>aktywne</strong>.</p>
<p>Login: <strong>${escapeHtml(data.login)}</strong><br>Jednostka: ${escapeHtml(data.unit.name)}</p>
<p>Przyznane uprawnienia (obszar: podobszar):</p>
${grants.length > 0 ? htmlList(grants) : '<p>(brak — o uprawnienia możesz wnioskować po zalogowaniu)</p>'}
<p>${htmlLink(loginUrl, 'Zaloguj się do CAS')} — użyj hasła ustawionego we wniosku rejestracyjnym.</p>`,
  );
  return { subject: headerSafe(`Konto w CAS jest aktywne (login: ${data.login})`), text, html };
}
