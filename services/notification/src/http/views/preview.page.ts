import { html } from '@cas/http';
import type { templatePreviews } from '../../domain/templates/samples.js';

const anchor = (name: string) => `szablon-${name}`;

/**
 * "Podgląd szablonów e-maili": every template rendered with sample data: when it is sent, its subject, the
 * plain-text part in a `<pre>` and the HTML part inside a sandboxed `<iframe srcdoc>` (no scripts, no same
 * origin; the attribute value is escaped, so the e-mail's markup can never reach this page as markup). No
 * inline scripts or styles (CSP `style-src 'self'`). Administrators see it through the admin UI (approval proxies
 * it at /szablony-e-maili), so the look and the link back come from there: /static/admin.css.
 */
export function previewPage(previews: ReturnType<typeof templatePreviews>, who: { login: string }): string {
  return html`<!doctype html>
    <html lang="pl">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Podgląd szablonów e-maili — CAS Rejestracja, powiadomienia</title>
        <link rel="stylesheet" href="/static/admin.css" />
      </head>
      <body>
        <header class="site-header">
          <p class="site-name">CAS Rejestracja — powiadomienia</p>
          <p class="who">Zalogowano jako: <strong>${who.login}</strong> · <a href="/nieudane-emaile">Powrót do panelu administratora</a></p>
        </header>
        <main id="tresc">
          <h1>Podgląd szablonów e-maili</h1>
          <p>
            Każdy e-mail wysyłany przez CAS Rejestracja, wygenerowany z przykładowych danych: kiedy jest wysyłany, temat, wersja tekstowa i
            wersja HTML. Dane, numery wniosków i hasło są przykładowe.
          </p>
          <nav aria-labelledby="spis-tytul">
            <h2 id="spis-tytul">Szablony (${previews.length})</h2>
            <ul>
              ${previews.map((p) => html`<li><a href="#${anchor(p.name)}">${p.name}</a>: ${p.email.subject}</li>`)}
            </ul>
          </nav>
          ${previews.map(
            (p) =>
              html`<section id="${anchor(p.name)}" aria-labelledby="${anchor(p.name)}-tytul">
                <h2 id="${anchor(p.name)}-tytul">Szablon <code>${p.name}</code></h2>
                <p>Kiedy: ${p.when}</p>
                <dl>
                  <dt>Temat</dt>
                  <dd>${p.email.subject}</dd>
                </dl>
                <h3>Wersja tekstowa</h3>
                <pre class="email-text">${p.email.text}</pre>
                <h3>Wersja HTML</h3>
                <iframe class="email-html" sandbox title="Wersja HTML e-maila ${p.name}" srcdoc="${p.email.html}"></iframe>
              </section>`,
          )}
        </main>
      </body>
    </html>`.toString();
}
