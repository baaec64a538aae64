import type { EventData, RegistrationEvents } from '@cas/contracts';
import { AUTO_FOOTER, grantLabels, headerSafe, htmlDocument, htmlLink, htmlList, type RenderedEmail } from './common.js';

/** A permission request was approved and applied: the new grants. */
export function permissionsGrantedEmail(
  data: EventData<typeof RegistrationEvents.permissionsGranted>,
  portalBaseUrl: string,
): RenderedEmail {
  const loginUrl = `${portalBaseUrl}/logowanie`;
  const grants = grantLabels(data.grants);
  const text = [
    'Dzień dobry,',
    '',
    'Twój wniosek o rozszerzenie uprawnień w Centralnej Aplikacji Statystycznej (CAS) został zatwierdzony.',
    'Przyznano nowe uprawnienia (obszar: podobszar):',
    ...grants.map((g) => `- ${g}`),
    '',
    `Zaloguj się do CAS, aby z nich korzystać: ${loginUrl}`,
    '',
    AUTO_FOOTER,
  ].join('\n');
  const html = htmlDocument(
    'Przyznano nowe uprawnienia',
    `<p>Dzień dobry,</p>
<p>Twój wniosek o rozszerzenie uprawnień w Centralnej Aplikacji Statystycznej (CAS) został zatwierdzony.</p>
<p>Przyznano nowe uprawnienia (obszar: podobszar):</p>
${htmlList(grants)}
<p>${htmlLink(loginUrl, 'Zaloguj się do CAS')}, aby z nich korzystać.</p>`,
  );
  return { subject: headerSafe('Przyznano nowe uprawnienia w CAS'), text, html };
}
