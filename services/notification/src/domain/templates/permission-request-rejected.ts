import type { ApprovalEvents, EventData } from '@cas/contracts';
import type { PermissionRequestContact } from './contact.js';
import {
  AUTO_FOOTER,
  escapeHtml,
  formatDateTime,
  fullName,
  grantLabels,
  headerSafe,
  htmlDocument,
  htmlLink,
  htmlList,
  htmlMultiline,
  type RenderedEmail,
} from './common.js';

/** The permission request was rejected: the reason, current permissions unchanged, a new request is possible. */
export function permissionRequestRejectedEmail(
  request: PermissionRequestContact,
  decision: EventData<typeof ApprovalEvents.permissionRequestRejected>,
  portalBaseUrl: string,
): RenderedEmail {
  const loginUrl = `${portalBaseUrl}/logowanie`;
  const name = fullName(request.name);
  const when = formatDateTime(decision.decidedAt);
  const grants = grantLabels(request.subAreas);
  const text = [
    `Dzień dobry ${name},`,
    '',
    'administrator wojewódzki odrzucił Twój wniosek o rozszerzenie uprawnień w Centralnej Aplikacji Statystycznej (CAS).',
    `Jednostka: ${request.targetUnitName}`,
    `Data decyzji: ${when}`,
    'Wnioskowane uprawnienia (obszar: podobszar):',
    ...grants.map((g) => `- ${g}`),
    '',
    'Powód:',
    decision.reason,
    '',
    'Twoje dotychczasowe uprawnienia pozostają bez zmian.',
    `Możesz złożyć nowy wniosek po zalogowaniu się do CAS: ${loginUrl}`,
    'W oknie „Parametry użytkownika” wybierz „Wnioskuj o rozszerzenie uprawnień”.',
    '',
    AUTO_FOOTER,
  ].join('\n');
  const html = htmlDocument(
    'Wniosek o rozszerzenie uprawnień odrzucony',
    `<p>Dzień dobry ${escapeHtml(name)},</p>
<p>administrator wojewódzki odrzucił Twój wniosek o rozszerzenie uprawnień w Centralnej Aplikacji Statystycznej (CAS).</p>
<p>Jednostka: ${escapeHtml(request.targetUnitName)}<br>Data decyzji: ${escapeHtml(when)}</p>
<p>Wnioskowane uprawnienia (obszar: podobszar):</p>
${htmlList(grants)}
<p>Powód:</p>
<blockquote><p>${htmlMultiline(decision.reason)}</p></blockquote>
<p>Twoje dotychczasowe uprawnienia pozostają <strong>bez zmian</strong>.</p>
<p>Możesz złożyć nowy wniosek po ${htmlLink(loginUrl, 'zalogowaniu się do CAS')}: w oknie „Parametry użytkownika” wybierz „Wnioskuj o rozszerzenie uprawnień”.</p>`,
  );
  return { subject: headerSafe('CAS: wniosek o rozszerzenie uprawnień odrzucony'), text, html };
}
