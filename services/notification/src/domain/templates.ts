import type { EventData, RegistrationEvents } from '@cas/contracts';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** Names go into a header: strip anything that could break out of it (CR/LF injection). */
export const headerSafe = (s: string) =>
  s
    .replace(/[\r\n\t\u0000-\u001f\u007f]+/g, ' ')
    .trim()
    .slice(0, 200);

/**
 * "Wniosek zarejestrowany": what was received, what to print, who signs, where to send it.
 * The walking skeleton's template; the notification issue (#7) completes the set and adds the catalogue data.
 */
export function applicationSubmittedEmail(
  data: EventData<typeof RegistrationEvents.applicationSubmitted>,
  portalBaseUrl: string,
): RenderedEmail {
  const statusUrl = `${portalBaseUrl}/status?number=${encodeURIComponent(data.number)}`;
  const deadline = new Date(data.expiresAt).toLocaleDateString('pl-PL', { timeZone: 'Europe/Warsaw' });
  const name = `${data.user.firstName} ${data.user.lastName}`;
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
    'Wiadomość wysłana automatycznie — prosimy na nią nie odpowiadać.',
  ].join('\n');
  const html = `<!doctype html><html lang="pl"><head><meta charset="utf-8"><title>Wniosek ${escapeHtml(data.number)}</title></head><body>
<p>Dzień dobry ${escapeHtml(name)},</p>
<p>przyjęliśmy wniosek rejestracyjny nr <strong>${escapeHtml(data.number)}</strong> do Centralnej Aplikacji Statystycznej (CAS).<br>
Jednostka: ${escapeHtml(data.unit.name)}.<br>Kod weryfikacyjny: <strong>${escapeHtml(data.verificationCode)}</strong>.</p>
<h2>Co dalej</h2>
<ol><li>Wydrukuj formularz rejestracyjny (link na stronie potwierdzenia wniosku).</li>
<li>Przekaż go do podpisu kierownikowi jednostki.</li>
<li>Wyślij skan podpisanego formularza przez ePUAP/e-Doręczenia na skrytkę urzędu wojewódzkiego albo e-mailem na adres wskazany na formularzu.</li></ol>
<p>Termin: <strong>${escapeHtml(deadline)}</strong>. Bez podpisanego formularza wniosek nie zostanie przyjęty.</p>
<p><a href="${escapeHtml(statusUrl)}">Sprawdź status wniosku</a></p>
<p>Wiadomość wysłana automatycznie — prosimy na nią nie odpowiadać.</p>
</body></html>`;
  return { subject: headerSafe(`CAS: wniosek rejestracyjny ${data.number} przyjęty — wydrukuj i wyślij formularz`), text, html };
}
