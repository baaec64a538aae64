import type { EventData, RegistrationEvents } from '@cas/contracts';
import { AUTO_FOOTER, escapeHtml, formatDateTime, fullName, headerSafe, htmlDocument, htmlLink, type RenderedEmail } from './common.js';

/**
 * Stands for the temporary password in the ledger copy of this e-mail. The plaintext never reaches the
 * ledger, Redis or logs (DESIGN §4, §7): the send job decrypts the JWE and fills this in just before SMTP.
 */
export const TEMPORARY_PASSWORD_PLACEHOLDER = '{{temporaryPassword}}';

/** A name that happens to contain the placeholder must not receive the password in its place. */
const noPlaceholder = (s: string) => s.replaceAll(TEMPORARY_PASSWORD_PLACEHOLDER, '');

/** "Przypomnij hasło": the one-time temporary password, its validity and what happens at the next login. */
export function passwordReminderEmail(
  data: EventData<typeof RegistrationEvents.passwordReminderIssued>,
  portalBaseUrl: string,
): RenderedEmail {
  const loginUrl = `${portalBaseUrl}/logowanie`;
  const name = noPlaceholder(fullName(data.name));
  const until = formatDateTime(data.expiresAt);
  const text = [
    `Dzień dobry ${name},`,
    '',
    'na prośbę o przypomnienie hasła do Centralnej Aplikacji Statystycznej (CAS) przygotowaliśmy jednorazowe hasło tymczasowe:',
    '',
    `    ${TEMPORARY_PASSWORD_PLACEHOLDER}`,
    '',
    `Hasło jest ważne do ${until} (czas polski) i można go użyć tylko raz.`,
    `Zaloguj się nim: ${loginUrl}`,
    'Przy tym pierwszym logowaniu hasło trzeba zmienić: system poprosi o ustawienie nowego hasła.',
    'Dotychczasowe hasło działa, dopóki nie użyjesz hasła tymczasowego.',
    '',
    'Jeśli to nie Ty prosisz o przypomnienie hasła, zignoruj tę wiadomość: nic się nie zmieni, a hasło tymczasowe wygaśnie samo.',
    '',
    AUTO_FOOTER,
  ].join('\n');
  const html = htmlDocument(
    'Hasło tymczasowe do CAS',
    `<p>Dzień dobry ${escapeHtml(name)},</p>
<p>na prośbę o przypomnienie hasła do Centralnej Aplikacji Statystycznej (CAS) przygotowaliśmy jednorazowe hasło tymczasowe:</p>
<p><strong><code>${TEMPORARY_PASSWORD_PLACEHOLDER}</code></strong></p>
<p>Hasło jest ważne do <strong>${escapeHtml(until)}</strong> (czas polski) i można go użyć tylko raz.<br>
${htmlLink(loginUrl, 'Zaloguj się nim')}. Przy tym pierwszym logowaniu hasło trzeba zmienić: system poprosi o ustawienie nowego hasła.<br>
Dotychczasowe hasło działa, dopóki nie użyjesz hasła tymczasowego.</p>
<p>Jeśli to nie Ty prosisz o przypomnienie hasła, zignoruj tę wiadomość: nic się nie zmieni, a hasło tymczasowe wygaśnie samo.</p>`,
  );
  return { subject: headerSafe('Hasło tymczasowe do CAS'), text, html };
}

/**
 * Puts the decrypted password in place of the placeholder (escaped in HTML). A replacer function, not a
 * string, so `$&`-like sequences in the password are not read as replacement patterns.
 */
export function fillTemporaryPassword(email: RenderedEmail, password: string): RenderedEmail {
  if (!email.text.includes(TEMPORARY_PASSWORD_PLACEHOLDER) || !email.html.includes(TEMPORARY_PASSWORD_PLACEHOLDER)) {
    throw new Error('template has no temporary-password placeholder');
  }
  return {
    subject: email.subject,
    text: email.text.replaceAll(TEMPORARY_PASSWORD_PLACEHOLDER, () => password),
    html: email.html.replaceAll(TEMPORARY_PASSWORD_PLACEHOLDER, () => escapeHtml(password)),
  };
}
