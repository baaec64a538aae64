import type { ApplicationContact } from './contact.js';
import { AUTO_FOOTER, escapeHtml, formatDate, fullName, headerSafe, htmlDocument, htmlLink, type RenderedEmail } from './common.js';

/** No signed form by the deadline: the application expired; a new application is the way to access. */
export function applicationExpiredEmail(contact: ApplicationContact, portalBaseUrl: string): RenderedEmail {
  const registerUrl = `${portalBaseUrl}/rejestracja`;
  const deadline = formatDate(contact.expiresAt);
  const name = fullName(contact.name);
  const text = [
    `Dzień dobry ${name},`,
    '',
    `do ${deadline} nie otrzymaliśmy podpisanego formularza do wniosku rejestracyjnego nr ${contact.number} do Centralnej Aplikacji Statystycznej (CAS).`,
    `Wniosek wygasł i nie zostanie rozpatrzony. Jednostka: ${contact.unitName}.`,
    '',
    `Jeśli nadal potrzebujesz dostępu do CAS, złóż nowy wniosek rejestracyjny: ${registerUrl}`,
    `Nowy wniosek dostanie nowy numer i nowy formularz do podpisu; formularza do wniosku ${contact.number} już nie wysyłaj.`,
    '',
    AUTO_FOOTER,
  ].join('\n');
  const html = htmlDocument(
    `Wniosek ${contact.number} wygasł`,
    `<p>Dzień dobry ${escapeHtml(name)},</p>
<p>do <strong>${escapeHtml(deadline)}</strong> nie otrzymaliśmy podpisanego formularza do wniosku rejestracyjnego nr <strong>${escapeHtml(contact.number)}</strong> do Centralnej Aplikacji Statystycznej (CAS).</p>
<p>Wniosek wygasł i nie zostanie rozpatrzony. Jednostka: ${escapeHtml(contact.unitName)}.</p>
<p>Jeśli nadal potrzebujesz dostępu do CAS, ${htmlLink(registerUrl, 'złóż nowy wniosek rejestracyjny')}.<br>
Nowy wniosek dostanie nowy numer i nowy formularz do podpisu; formularza do wniosku ${escapeHtml(contact.number)} już nie wysyłaj.</p>`,
  );
  return { subject: headerSafe(`CAS: wniosek rejestracyjny ${contact.number} wygasł`), text, html };
}
