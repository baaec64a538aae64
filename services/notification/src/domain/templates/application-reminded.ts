import type { ApplicationContact, Office } from './contact.js';
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

/** No signed form yet: the deadline, the three steps again (form link, who signs, where to send), the status link. */
export function applicationRemindedEmail(contact: ApplicationContact, office: Office | null, portalBaseUrl: string): RenderedEmail {
  const status = statusUrl(portalBaseUrl, contact.number);
  const deadline = formatDate(contact.expiresAt);
  const name = fullName(contact.name);
  const steps = sendingSteps({ portalBaseUrl, formPath: contact.formPath, office, number: contact.number });
  const text = [
    `Dzień dobry ${name},`,
    '',
    `nie otrzymaliśmy jeszcze podpisanego formularza do wniosku rejestracyjnego nr ${contact.number} do Centralnej Aplikacji Statystycznej (CAS).`,
    `Jednostka: ${contact.unitName}.`,
    `Termin: ${deadline}. Jeśli formularz nie dotrze do tego dnia, wniosek wygaśnie.`,
    '',
    'Co zrobić:',
    ...steps.text,
    '',
    'Jeśli formularz został już wysłany, a potwierdzenie jego otrzymania nie przyszło, sprawdź status wniosku albo skontaktuj się z urzędem wojewódzkim.',
    '',
    `Status wniosku: ${status}`,
    '',
    AUTO_FOOTER,
  ].join('\n');
  const html = htmlDocument(
    `Czekamy na formularz do wniosku ${contact.number}`,
    `<p>Dzień dobry ${escapeHtml(name)},</p>
<p>nie otrzymaliśmy jeszcze podpisanego formularza do wniosku rejestracyjnego nr <strong>${escapeHtml(contact.number)}</strong> do Centralnej Aplikacji Statystycznej (CAS).<br>
Jednostka: ${escapeHtml(contact.unitName)}.</p>
<p>Termin: <strong>${escapeHtml(deadline)}</strong>. Jeśli formularz nie dotrze do tego dnia, wniosek wygaśnie.</p>
<h2>Co zrobić</h2>
${steps.html}
<p>Jeśli formularz został już wysłany, a potwierdzenie jego otrzymania nie przyszło, sprawdź status wniosku albo skontaktuj się z urzędem wojewódzkim.</p>
<p>${htmlLink(status, 'Sprawdź status wniosku')}</p>`,
  );
  return {
    subject: headerSafe(`CAS: czekamy na podpisany formularz do wniosku ${contact.number} (termin: ${deadline})`),
    text,
    html,
  };
}
