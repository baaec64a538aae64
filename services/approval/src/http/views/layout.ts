import { html, type SafeHtml } from '@cas/http';

/** Every page of the administrator's workplace: Polish, skip link, landmarks, one h1 (set by the page). */
export function layout(title: string, body: SafeHtml, who?: { login: string; voivodeship: string | null }): string {
  return html`<!doctype html>
    <html lang="pl">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} — CAS Rejestracja, administracja</title>
        <link rel="stylesheet" href="/static/admin.css" />
        <script src="/static/admin.js" defer></script>
      </head>
      <body>
        <a class="skip-link" href="#tresc">Przejdź do treści</a>
        <header class="site-header">
          <p><a href="/">CAS Rejestracja — administracja</a></p>
          <nav aria-label="Menu administratora">
            <ul>
              <li><a href="/">Wnioski</a></li>
              <li><a href="/uprawnienia">Uprawnienia</a></li>
              <li><a href="/skany-niedopasowane">Skany niedopasowane</a></li>
              <li><a href="/audyt">Audyt</a></li>
              <li><a href="/nieudane-emaile">Nieudane e-maile</a></li>
              ${who ? html`<li>${who.login}${who.voivodeship ? ` (województwo ${who.voivodeship})` : ' (administrator centralny)'}</li>` : ''}
            </ul>
          </nav>
        </header>
        <main id="tresc" tabindex="-1">${body}</main>
      </body>
    </html>`.toString();
}
