import type { EventData, RegistrationEvents } from '@cas/contracts';
import { AUTO_FOOTER, escapeHtml, formatDateTime, headerSafe, htmlDocument, htmlLink, type RenderedEmail } from './common.js';

/** Polish locative after "po": 1 → "nieudanej próbie", otherwise "nieudanych próbach". */
const attemptsPhrase = (n: number) => (n === 1 ? '1 nieudanej próbie' : `${n} nieudanych próbach`);

/** Blocked after N failed logins (DESIGN §4): what happened and the way back through "Przypomnij hasło". */
export function accountBlockedEmail(data: EventData<typeof RegistrationEvents.accountBlocked>, portalBaseUrl: string): RenderedEmail {
  const reminderUrl = `${portalBaseUrl}/przypomnij-haslo`;
  const when = formatDateTime(data.blockedAt);
  const headline = `Konto zablokowane po ${attemptsPhrase(data.failedAttempts)} logowania`;
  const text = [
    'Dzień dobry,',
    '',
    `konto ${data.login} w Centralnej Aplikacji Statystycznej (CAS) zostało zablokowane ${when} po ${attemptsPhrase(data.failedAttempts)} logowania.`,
    '',
    'Co zrobić:',
    `1. Skorzystaj z funkcji „Przypomnij hasło”: ${reminderUrl}`,
    '2. Otrzymasz e-mailem jednorazowe hasło tymczasowe; zalogowanie się nim odblokuje konto i poprosi o ustawienie nowego hasła.',
    '',
    'Jeśli to nie były Twoje próby logowania, skontaktuj się z urzędem wojewódzkim, który zatwierdził Twoje konto, a po odzyskaniu dostępu ustaw nowe, silne hasło.',
    '',
    AUTO_FOOTER,
  ].join('\n');
  const html = htmlDocument(
    headline,
    `<p>Dzień dobry,</p>
<p>konto <strong>${escapeHtml(data.login)}</strong> w Centralnej Aplikacji Statystycznej (CAS) zostało zablokowane ${escapeHtml(when)} po ${escapeHtml(attemptsPhrase(data.failedAttempts))} logowania.</p>
<h2>Co zrobić</h2>
<ol><li>Skorzystaj z funkcji ${htmlLink(reminderUrl, '„Przypomnij hasło”')}.</li>
<li>Otrzymasz e-mailem jednorazowe hasło tymczasowe; zalogowanie się nim odblokuje konto i poprosi o ustawienie nowego hasła.</li></ol>
<p>Jeśli to nie były Twoje próby logowania, skontaktuj się z urzędem wojewódzkim, który zatwierdził Twoje konto, a po odzyskaniu dostępu ustaw nowe, silne hasło.</p>`,
  );
  return { subject: headerSafe(`${headline} (login: ${data.login})`), text, html };
}
