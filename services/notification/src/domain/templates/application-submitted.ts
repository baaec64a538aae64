import type { EventData, RegistrationEvents } from '@cas/contracts';
import type { Office } from './contact.js';
import {
  AUTO_FOOTER,
  escapeHtml,
  formatDate,
  fullName,
  headerSafe,
  htmlDocument,
  htmlLink,
  statusUrl,
  type RenderedEmail,
} from './common.js';
import { sendingSteps } from './sending-steps.js';

/**
 * "Wniosek zarejestrowany": what was received, what to print (link to the printable form when the event has
 * it), who signs (the head of the unit), where to send it (`office`'s ePUAP box and e-mail; the office's
 * official channels when unknown), the deadline and the status link.
 */
export function applicationSubmittedEmail(
  data: EventData<typeof RegistrationEvents.applicationSubmitted>,
  portalBaseUrl: string,
  office: Office | null,
): RenderedEmail {
  const status = statusUrl(portalBaseUrl, data.number);
  const deadline = formatDate(data.expiresAt);
  const name = fullName(data.user);
  const steps = sendingSteps({ portalBaseUrl, formPath: data.formPath, office, number: data.number });
  const text = [
    `Dzień dobry ${name},`,
    '',
    `przyjęliśmy wniosek rejestracyjny nr ${data.number} do Centralnej Aplikacji Statystycznej (CAS).`,
    `Jednostka: ${data.unit.name}.`,
    `Kod weryfikacyjny: ${data.verificationCode}.`,
    '',
    'Co dalej:',
    ...steps.text,
    '',
    `Termin: ${deadline}. Bez podpisanego formularza wniosek nie zostanie przyjęty.`,
    'Po otrzymaniu skanu administrator wojewódzki rozpatrzy wniosek; o decyzji poinformujemy Cię e-mailem.',
    '',
    `Status wniosku: ${status}`,
    '',
    AUTO_FOOTER,
  ].join('\n');
  const html = htmlDocument(
    `Wniosek ${data.number}`,
    `<p>Dzień dobry ${escapeHtml(name)},</p>
<p>przyjęliśmy wniosek rejestracyjny nr <strong>${escapeHtml(data.number)}</strong> do Centralnej Aplikacji Statystycznej (CAS).<br>
Jednostka: ${escapeHtml(data.unit.name)}.<br>Kod weryfikacyjny: <strong>${escapeHtml(data.verificationCode)}</strong>.</p>
<h2>Co dalej</h2>
${steps.html}
<p>Termin: <strong>${escapeHtml(deadline)}</strong>. Bez podpisanego formularza wniosek nie zostanie przyjęty.<br>
Po otrzymaniu skanu administrator wojewódzki rozpatrzy wniosek; o decyzji poinformujemy Cię e-mailem.</p>
<p>${htmlLink(status, 'Sprawdź status wniosku')}</p>`,
  );
  return { subject: headerSafe(`CAS: wniosek rejestracyjny ${data.number} przyjęty — wydrukuj i wyślij formularz`), text, html };
}
