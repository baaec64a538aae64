import type { EventData, RegistrationEvents } from '@cas/contracts';
import { AUTO_FOOTER, escapeHtml, formatDate, fullName, headerSafe, htmlDocument, htmlLink, type RenderedEmail } from './common.js';

/** "Wniosek zarejestrowany": what was received, what to print, who signs, where to send it. */
export function applicationSubmittedEmail(
  data: EventData<typeof RegistrationEvents.applicationSubmitted>,
  portalBaseUrl: string,
): RenderedEmail {
  const statusUrl = `${portalBaseUrl}/status?number=${encodeURIComponent(data.number)}`;
  const deadline = formatDate(data.expiresAt);
  const name = fullName(data.user);
  const text = [
    `Dzień dobry ${name},`,
    '',
    `przyjęliśmy wniosek rejestracyjny nr ${data.number} do Centralnej Aplikacji Statystycznej (CAS).`,
    `Jednostka: ${data.unit.name}.`,
    `Kod weryfikacyjny: ${data.verificationCode}.`,
    '',
    'Co dalej:',
    '1. Wydrukuj formularz rejestracyjny (link na stronie potwierdzenia wniosku).',
    '2. Przekaż go do podpisu kierownikowi jednostki.',
    '3. Wyślij skan podpisanego formularza przez ePUAP/e-Doręczenia na skrytkę urzędu wojewódzkiego albo e-mailem na adres wskazany na formularzu.',
    `Termin: ${deadline}. Bez podpisanego formularza wniosek nie zostanie przyjęty.`,
    '',
    `Status wniosku: ${statusUrl}`,
    '',
    AUTO_FOOTER,
  ].join('\n');
  const html = htmlDocument(
    `Wniosek ${data.number}`,
    `<p>Dzień dobry ${escapeHtml(name)},</p>
<p>przyjęliśmy wniosek rejestracyjny nr <strong>${escapeHtml(data.number)}</strong> do Centralnej Aplikacji Statystycznej (CAS).<br>
Jednostka: ${escapeHtml(data.unit.name)}.<br>Kod weryfikacyjny: <strong>${escapeHtml(data.verificationCode)}</strong>.</p>
<h2>Co dalej</h2>
<ol><li>Wydrukuj formularz rejestracyjny (link na stronie potwierdzenia wniosku).</li>
<li>Przekaż go do podpisu kierownikowi jednostki.</li>
<li>Wyślij skan podpisanego formularza przez ePUAP/e-Doręczenia na skrytkę urzędu wojewódzkiego albo e-mailem na adres wskazany na formularzu.</li></ol>
<p>Termin: <strong>${escapeHtml(deadline)}</strong>. Bez podpisanego formularza wniosek nie zostanie przyjęty.</p>
<p>${htmlLink(statusUrl, 'Sprawdź status wniosku')}</p>`,
  );
  return { subject: headerSafe(`CAS: wniosek rejestracyjny ${data.number} przyjęty — wydrukuj i wyślij formularz`), text, html };
}
