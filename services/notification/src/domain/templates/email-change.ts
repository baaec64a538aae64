import type { EventData, RegistrationEvents } from '@cas/contracts';
import { AUTO_FOOTER, escapeHtml, formatDateTime, fullName, headerSafe, htmlDocument, htmlLink, type RenderedEmail } from './common.js';

/** Sent to the NEW address: confirm it with the link before it replaces the old one. */
export function emailChangeEmail(data: EventData<typeof RegistrationEvents.emailChangeRequested>): RenderedEmail {
  const until = formatDateTime(data.expiresAt);
  const name = fullName(data.name);
  const text = [
    `Dzień dobry ${name},`,
    '',
    `poproszono o zmianę adresu e-mail konta ${data.login} w Centralnej Aplikacji Statystycznej (CAS) na ten adres.`,
    `Aby potwierdzić, otwórz link (ważny do ${until}) i kliknij „Potwierdź”:`,
    data.confirmUrl,
    '',
    'Jeśli to nie Ty, zignoruj tę wiadomość: adres konta się nie zmieni.',
    '',
    AUTO_FOOTER,
  ].join('\n');
  const html = htmlDocument(
    'Potwierdź nowy adres e-mail',
    `<p>Dzień dobry ${escapeHtml(name)},</p>
<p>poproszono o zmianę adresu e-mail konta <strong>${escapeHtml(data.login)}</strong> w Centralnej Aplikacji Statystycznej (CAS) na ten adres.</p>
<p>${htmlLink(data.confirmUrl, 'Potwierdź nowy adres e-mail')} (link ważny do ${escapeHtml(until)}).</p>
<p>Jeśli to nie Ty, zignoruj tę wiadomość: adres konta się nie zmieni.</p>`,
  );
  return { subject: headerSafe(`Potwierdź nowy adres e-mail konta ${data.login} w CAS`), text, html };
}
