import type { EventData, RegistrationEvents } from '@cas/contracts';
import { AUTO_FOOTER, escapeHtml, fullName, headerSafe, htmlDocument, htmlLink, htmlMultiline, type RenderedEmail } from './common.js';

/** The account (and its application, when there is one) was closed: the reason and how to apply again. */
export function accountClosedEmail(data: EventData<typeof RegistrationEvents.accountClosed>, portalBaseUrl: string): RenderedEmail {
  const registerUrl = `${portalBaseUrl}/rejestracja`;
  const name = fullName(data.name);
  const what = data.applicationId
    ? `Twój wniosek rejestracyjny do Centralnej Aplikacji Statystycznej (CAS) nie został przyjęty, a konto ${data.login} zostało zamknięte.`
    : `Twoje konto ${data.login} w Centralnej Aplikacji Statystycznej (CAS) zostało zamknięte.`;
  const text = [
    `Dzień dobry ${name},`,
    '',
    what,
    '',
    'Powód:',
    data.reason,
    '',
    `Jeśli nadal potrzebujesz dostępu do CAS, złóż nowy wniosek rejestracyjny: ${registerUrl}`,
    '',
    AUTO_FOOTER,
  ].join('\n');
  const html = htmlDocument(
    'Konto w CAS zostało zamknięte',
    `<p>Dzień dobry ${escapeHtml(name)},</p>
<p>${escapeHtml(what)}</p>
<p>Powód:</p>
<blockquote><p>${htmlMultiline(data.reason)}</p></blockquote>
<p>Jeśli nadal potrzebujesz dostępu do CAS, ${htmlLink(registerUrl, 'złóż nowy wniosek rejestracyjny')}.</p>`,
  );
  return { subject: headerSafe(`Konto w CAS zostało zamknięte (login: ${data.login})`), text, html };
}
