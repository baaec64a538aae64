import { html, raw } from '@cas/http';
import { csrfField, errorSummary, field, layout } from './layout.js';

export function loginPage(m: { csrf: string; login?: string; error?: string; returnTo?: string; notice?: string }): string {
  return layout(
    { title: 'Logowanie' },
    html`<h1>Logowanie do CAS</h1>
      ${m.notice ? html`<p class="notice" role="status">${m.notice}</p>` : ''}
      ${
        m.error
          ? html`<div class="error-summary" role="alert" tabindex="-1">
              <h2>Nie udało się zalogować</h2>
              <p>${m.error}</p>
              <p><a class="button-secondary" href="/przypomnij-haslo">Przypomnij hasło</a></p>
            </div>`
          : ''
      }
      <form method="post" action="/logowanie" novalidate>
        ${csrfField(m.csrf)}
        <input type="hidden" name="powrot" value="${m.returnTo ?? ''}" />
        ${field({ name: 'login', label: 'Login lub adres e-mail', value: m.login ?? '', autocomplete: 'username', required: true, maxlength: 254 })}
        ${field({ name: 'password', label: 'Hasło', type: 'password', autocomplete: 'current-password', required: true, maxlength: 512 })}
        <button type="submit" class="button-primary">Zaloguj</button>
      </form>
      <p><a href="/przypomnij-haslo">Przypomnij hasło</a> · <a href="/rejestracja">Nie masz konta? Zarejestruj się</a></p>`,
  );
}

export function reminderPage(m: { csrf: string; value?: string; error?: string; sent?: boolean }): string {
  return layout(
    { title: 'Przypomnij hasło' },
    html`<h1>Przypomnij hasło</h1>
      ${
        m.sent
          ? html`<p class="notice" role="status">
                Jeśli konto istnieje, wysłaliśmy na zapisany w nim adres e-mail hasło tymczasowe ważne 60 minut. Po zalogowaniu się nim
                ustawisz nowe hasło. Dotychczasowe hasło działa, dopóki nie użyjesz tymczasowego.
              </p>
              <p><a href="/logowanie">Przejdź do logowania</a></p>`
          : html`<p>
                Podaj login albo adres e-mail konta. Wyślemy hasło tymczasowe (jednorazowe, ważne 60 minut). Zablokowane konto zostanie
                odblokowane po zalogowaniu się nim.
              </p>
              ${errorSummary(m.error ? { loginOrEmail: m.error } : {}, { loginOrEmail: 'Login lub adres e-mail' })}
              <form method="post" action="/przypomnij-haslo" novalidate>
                ${csrfField(m.csrf)}
                ${field({ name: 'loginOrEmail', label: 'Login lub adres e-mail', value: m.value ?? '', autocomplete: 'username', required: true, maxlength: 254, ...(m.error ? { error: m.error } : {}) })}
                <button type="submit" class="button-primary">Wyślij hasło tymczasowe</button>
              </form>`
      }`,
  );
}

export function passwordChangeForm(m: {
  csrf: string;
  action: string;
  errors: Record<string, string>;
  forced: boolean;
}): ReturnType<typeof html> {
  const currentLabel = m.forced ? 'Hasło tymczasowe' : 'Obecne hasło';
  return html`${errorSummary(m.errors, { currentPassword: currentLabel, newPassword: 'Nowe hasło', newPasswordRepeat: 'Powtórz nowe hasło' })}
    <form method="post" action="${m.action}" novalidate>
      ${csrfField(m.csrf)}
      ${field({
        name: 'currentPassword',
        label: currentLabel,
        type: 'password',
        autocomplete: 'current-password',
        required: true,
        ...(m.errors.currentPassword ? { error: m.errors.currentPassword } : {}),
      })}
      ${field({
        name: 'newPassword',
        label: 'Nowe hasło',
        type: 'password',
        autocomplete: 'new-password',
        required: true,
        hint: 'Co najmniej 12 znaków; nie może być popularnym hasłem ani zawierać loginu.',
        ...(m.errors.newPassword ? { error: m.errors.newPassword } : {}),
      })}
      ${field({
        name: 'newPasswordRepeat',
        label: 'Powtórz nowe hasło',
        type: 'password',
        autocomplete: 'new-password',
        required: true,
        ...(m.errors.newPasswordRepeat ? { error: m.errors.newPasswordRepeat } : {}),
      })}
      <button type="submit" class="button-primary">Zmień hasło</button>
    </form>`;
}

export function forcedPasswordChangePage(m: { csrf: string; errors: Record<string, string> }): string {
  return layout(
    { title: 'Ustaw nowe hasło' },
    html`<h1>Ustaw nowe hasło</h1>
      <p>
        Zalogowano hasłem tymczasowym (z e-maila albo od administratora). Zanim przejdziesz dalej, ustaw nowe hasło. Pozostałe sesje tego
        konta zostaną zakończone.
      </p>
      ${passwordChangeForm({ csrf: m.csrf, action: '/zmiana-hasla', errors: m.errors, forced: true })}`,
  );
}

export function secondFactorPage(m: {
  csrf: string;
  enrolment?: { secret: string; qrSvg: string };
  recoveryCodes?: string[];
  error?: string;
}): string {
  const codeField = field({
    name: 'code',
    label: m.enrolment ? 'Kod z aplikacji' : 'Kod z aplikacji lub kod zapasowy',
    autocomplete: 'one-time-code',
    inputmode: m.enrolment ? 'numeric' : 'text',
    required: true,
    maxlength: 32,
    ...(m.error ? { error: m.error } : {}),
  });
  if (m.recoveryCodes)
    return layout(
      { title: 'Kody zapasowe' },
      html`<h1>Weryfikacja dwuetapowa włączona</h1>
        <p>Zapisz kody zapasowe w bezpiecznym miejscu. Każdy działa raz, gdy nie masz dostępu do aplikacji. Nie pokażemy ich ponownie.</p>
        <ul class="recovery-codes">
          ${m.recoveryCodes.map((c) => html`<li><code>${c}</code></li>`)}
        </ul>
        <p><a class="button-primary" href="/admin">Przejdź do panelu administratora</a></p>`,
    );
  return layout(
    { title: 'Weryfikacja dwuetapowa' },
    html`<h1>Weryfikacja dwuetapowa</h1>
      ${
        m.enrolment
          ? html`<p>
                Konto administratora wymaga drugiego składnika. Zeskanuj kod QR aplikacją uwierzytelniającą (np. Microsoft Authenticator,
                Google Authenticator, FreeOTP) albo wpisz klucz ręcznie, a potem podaj wyświetlony kod.
              </p>
              <figure class="totp-qr">
                ${raw(m.enrolment.qrSvg)}
                <figcaption>Klucz: <code>${m.enrolment.secret}</code></figcaption>
              </figure>`
          : html`<p>Podaj 6-cyfrowy kod z aplikacji uwierzytelniającej albo jeden z kodów zapasowych.</p>`
      }
      <form method="post" action="/logowanie/drugi-skladnik" novalidate>
        ${csrfField(m.csrf)} ${codeField}
        <button type="submit" class="button-primary">Potwierdź</button>
      </form>`,
  );
}
