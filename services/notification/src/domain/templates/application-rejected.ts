import { APPLICATION_REJECT_REASONS, type ApprovalEvents, type EventData } from '@cas/contracts';
import type { ApplicationContact } from './contact.js';
import {
  AUTO_FOOTER,
  escapeHtml,
  formatDateTime,
  fullName,
  headerSafe,
  htmlDocument,
  htmlLink,
  htmlMultiline,
  type RenderedEmail,
} from './common.js';

/** The Polish label of a rejection reason code; an unknown code (a newer approval service) is shown as is. */
export function rejectReasonLabel(code: string): string {
  return Object.hasOwn(APPLICATION_REJECT_REASONS, code)
    ? APPLICATION_REJECT_REASONS[code as keyof typeof APPLICATION_REJECT_REASONS]
    : code;
}

/** The administrator rejected the application: the reason (label and justification), when, and what to do next. */
export function applicationRejectedEmail(
  contact: ApplicationContact,
  decision: EventData<typeof ApprovalEvents.applicationRejected>,
  portalBaseUrl: string,
): RenderedEmail {
  const registerUrl = `${portalBaseUrl}/rejestracja`;
  const name = fullName(contact.name);
  const when = formatDateTime(decision.decidedAt);
  const reason = rejectReasonLabel(decision.reasonCode);
  const justification = decision.reasonText?.trim() ? decision.reasonText : null;
  const text = [
    `Dzień dobry ${name},`,
    '',
    `administrator wojewódzki odrzucił wniosek rejestracyjny nr ${contact.number} do Centralnej Aplikacji Statystycznej (CAS).`,
    `Jednostka: ${contact.unitName}.`,
    `Data decyzji: ${when}.`,
    '',
    `Powód: ${reason}.`,
    ...(justification ? ['Uzasadnienie:', justification] : []),
    '',
    'Co możesz zrobić:',
    `- złożyć nowy, poprawiony wniosek rejestracyjny: ${registerUrl}`,
    '- albo skontaktować się z urzędem wojewódzkim, który rozpatrywał wniosek.',
    '',
    AUTO_FOOTER,
  ].join('\n');
  const html = htmlDocument(
    `Wniosek ${contact.number} odrzucony`,
    `<p>Dzień dobry ${escapeHtml(name)},</p>
<p>administrator wojewódzki odrzucił wniosek rejestracyjny nr <strong>${escapeHtml(contact.number)}</strong> do Centralnej Aplikacji Statystycznej (CAS).<br>
Jednostka: ${escapeHtml(contact.unitName)}.<br>Data decyzji: ${escapeHtml(when)}.</p>
<p>Powód: <strong>${escapeHtml(reason)}</strong>.</p>
${justification ? `<p>Uzasadnienie:</p>\n<blockquote><p>${htmlMultiline(justification)}</p></blockquote>` : ''}
<h2>Co możesz zrobić</h2>
<ul><li>${htmlLink(registerUrl, 'Złożyć nowy, poprawiony wniosek rejestracyjny')},</li>
<li>albo skontaktować się z urzędem wojewódzkim, który rozpatrywał wniosek.</li></ul>`,
  );
  return { subject: headerSafe(`CAS: wniosek rejestracyjny ${contact.number} odrzucony`), text, html };
}
