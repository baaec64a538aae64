import type { EventData, IntakeEvents, ScanChannel } from '@cas/contracts';
import type { ApplicationContact } from './contact.js';
import {
  AUTO_FOOTER,
  escapeHtml,
  formatDateTime,
  fullName,
  headerSafe,
  htmlDocument,
  htmlLink,
  statusUrl,
  type RenderedEmail,
} from './common.js';

/** How the signed form reached the office, as the applicant would name it. */
export const CHANNEL_LABELS: Record<ScanChannel, string> = {
  epuap: 'ePUAP',
  'e-doreczenia': 'e-Doręczenia',
  email: 'e-mail',
  post: 'poczta (skan z kancelarii)',
  api: 'kancelaria urzędu',
  'hot-folder': 'skaner kancelarii',
};

/** Receipt for the signed form: which application, when and how it came, and that it now awaits review. */
export function scanReceivedEmail(
  contact: ApplicationContact,
  scan: EventData<typeof IntakeEvents.scanMatched>,
  portalBaseUrl: string,
): RenderedEmail {
  const status = statusUrl(portalBaseUrl, contact.number);
  const name = fullName(contact.name);
  const when = formatDateTime(scan.receivedAt);
  const channel = Object.hasOwn(CHANNEL_LABELS, scan.channel) ? CHANNEL_LABELS[scan.channel] : scan.channel;
  const text = [
    `Dzień dobry ${name},`,
    '',
    `otrzymaliśmy podpisany formularz do wniosku rejestracyjnego nr ${contact.number} do Centralnej Aplikacji Statystycznej (CAS).`,
    `Jednostka: ${contact.unitName}.`,
    `Data wpływu: ${when}.`,
    `Kanał: ${channel}.`,
    '',
    'Nie wysyłaj formularza ponownie. Wniosek czeka teraz na rozpatrzenie przez administratora wojewódzkiego;',
    'o decyzji poinformujemy Cię e-mailem.',
    '',
    `Status wniosku: ${status}`,
    '',
    AUTO_FOOTER,
  ].join('\n');
  const html = htmlDocument(
    `Otrzymaliśmy formularz do wniosku ${contact.number}`,
    `<p>Dzień dobry ${escapeHtml(name)},</p>
<p>otrzymaliśmy podpisany formularz do wniosku rejestracyjnego nr <strong>${escapeHtml(contact.number)}</strong> do Centralnej Aplikacji Statystycznej (CAS).</p>
<ul><li>Jednostka: ${escapeHtml(contact.unitName)}</li>
<li>Data wpływu: ${escapeHtml(when)}</li>
<li>Kanał: ${escapeHtml(channel)}</li></ul>
<p>Nie wysyłaj formularza ponownie. Wniosek czeka teraz na rozpatrzenie przez administratora wojewódzkiego; o decyzji poinformujemy Cię e-mailem.</p>
<p>${htmlLink(status, 'Sprawdź status wniosku')}</p>`,
  );
  return { subject: headerSafe(`CAS: otrzymaliśmy podpisany formularz do wniosku ${contact.number}`), text, html };
}
