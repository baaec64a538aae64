import type { EventData, RegistrationEvents } from '@cas/contracts';
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
  type RenderedEmail,
} from './common.js';

/** Receipt for "Wnioskuj o rozszerzenie uprawnień": the unit, the requested sub-areas, and who decides. */
export function permissionRequestReceivedEmail(
  data: EventData<typeof RegistrationEvents.permissionRequestSubmitted>,
  portalBaseUrl: string,
): RenderedEmail {
  const loginUrl = `${portalBaseUrl}/logowanie`;
  const name = fullName(data.user);
  const when = formatDateTime(data.submittedAt);
  const grants = grantLabels(data.subAreas);
  const text = [
    `Dzień dobry ${name},`,
    '',
    `przyjęliśmy Twój wniosek o rozszerzenie uprawnień w Centralnej Aplikacji Statystycznej (CAS), złożony ${when}.`,
    `Login: ${data.user.login}`,
    `Jednostka: ${data.targetUnit.name}`,
    'Wnioskowane uprawnienia (obszar: podobszar):',
    ...grants.map((g) => `- ${g}`),
    '',
    'Wniosek rozpatrzy administrator wojewódzki; o decyzji poinformujemy Cię e-mailem.',
    'Do tego czasu Twoje dotychczasowe uprawnienia działają bez zmian.',
    '',
    `Logowanie do CAS: ${loginUrl}`,
    '',
    AUTO_FOOTER,
  ].join('\n');
  const html = htmlDocument(
    'Przyjęliśmy wniosek o rozszerzenie uprawnień',
    `<p>Dzień dobry ${escapeHtml(name)},</p>
<p>przyjęliśmy Twój wniosek o rozszerzenie uprawnień w Centralnej Aplikacji Statystycznej (CAS), złożony ${escapeHtml(when)}.</p>
<p>Login: <strong>${escapeHtml(data.user.login)}</strong><br>Jednostka: ${escapeHtml(data.targetUnit.name)}</p>
<p>Wnioskowane uprawnienia (obszar: podobszar):</p>
${htmlList(grants)}
<p>Wniosek rozpatrzy administrator wojewódzki; o decyzji poinformujemy Cię e-mailem.<br>
Do tego czasu Twoje dotychczasowe uprawnienia działają bez zmian.</p>
<p>${htmlLink(loginUrl, 'Zaloguj się do CAS')}</p>`,
  );
  return { subject: headerSafe(`CAS: przyjęliśmy wniosek o rozszerzenie uprawnień (login: ${data.user.login})`), text, html };
}
