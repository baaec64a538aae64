import { html, type SafeHtml } from '@cas/http';

export interface PageOptions {
  title: string;
  /** Extra stylesheets by URL (the printable form adds print.css and its page header). */
  stylesheets?: string[];
  bodyClass?: string;
}

/** Every portal page: Polish, skip link, landmarks, one h1 per page (set by the page itself). */
export function layout(opts: PageOptions, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="pl">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${opts.title} — CAS Rejestracja</title>
        <link rel="stylesheet" href="/static/portal.css" />
        ${(opts.stylesheets ?? []).map((href) => html`<link rel="stylesheet" href="${href}" />`)}
      </head>
      <body class="${opts.bodyClass ?? ''}">
        <a class="skip-link" href="#tresc">Przejdź do treści</a>
        <header class="site-header no-print">
          <p class="site-name">
            <a href="/">CAS Rejestracja</a> <span>Centralna Aplikacja Statystyczna — rejestracja jednostek i użytkowników</span>
          </p>
          <nav aria-label="Menu główne">
            <ul>
              <li><a href="/rejestracja">Rejestracja</a></li>
              <li><a href="/status">Status wniosku</a></li>
              <li><a href="/logowanie">Logowanie</a></li>
              <li><a href="/pomoc">Pomoc</a></li>
            </ul>
          </nav>
        </header>
        <main id="tresc" tabindex="-1">${body}</main>
        <footer class="site-footer no-print">
          <p>CAS Rejestracja · w razie problemów skontaktuj się z urzędem wojewódzkim właściwym dla Twojej jednostki.</p>
        </footer>
      </body>
    </html>`.toString();
}

export interface FieldOptions {
  name: string;
  label: string;
  value?: string;
  error?: string;
  type?: string;
  autocomplete?: string;
  hint?: string;
  required?: boolean;
  inputmode?: string;
  maxlength?: number;
}

const idOf = (name: string) => `f-${name.replace(/[^A-Za-z0-9]/g, '-')}`;

/** A labelled input with its hint and error tied in with aria-describedby (WCAG 1.3.1, 3.3.1). */
export function field(f: FieldOptions): SafeHtml {
  const id = idOf(f.name);
  const described = [f.hint ? `${id}-hint` : '', f.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${f.error ? ' field--error' : ''}">
    <label for="${id}">${f.label}${f.required ? html` <span class="required" aria-hidden="true">*</span>` : ''}</label>
    ${f.hint ? html`<p class="hint" id="${id}-hint">${f.hint}</p>` : ''}
    ${f.error ? html`<p class="error-message" id="${id}-error"><span class="visually-hidden">Błąd: </span>${f.error}</p>` : ''}
    <input
      id="${id}"
      name="${f.name}"
      type="${f.type ?? 'text'}"
      value="${f.value ?? ''}"
      ${f.autocomplete ? html` autocomplete="${f.autocomplete}"` : ''}${f.inputmode ? html` inputmode="${f.inputmode}"` : ''}${f.maxlength ? html` maxlength="${f.maxlength}"` : ''}${f.required ? html` required aria-required="true"` : ''}${f.error ? html` aria-invalid="true"` : ''}${described ? html` aria-describedby="${described}"` : ''}
    />
  </div>`;
}

/** The list of errors at the top of a form, each linking to its field (WCAG 3.3.1). */
export function errorSummary(errors: Record<string, string>, labels: Record<string, string>): SafeHtml | '' {
  const entries = Object.entries(errors);
  if (entries.length === 0) return '';
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
    <h2 id="error-summary-title">Popraw ${entries.length === 1 ? 'błąd' : `błędy (${entries.length})`} w formularzu</h2>
    <ul>
      ${entries.map(([name, msg]) => html`<li><a href="#${idOf(name)}">${labels[name] ?? name}: ${msg}</a></li>`)}
    </ul>
  </div>`;
}

export function formatDate(d: Date | string): string {
  return new Date(d).toLocaleDateString('pl-PL', { timeZone: 'Europe/Warsaw', day: 'numeric', month: 'long', year: 'numeric' });
}

export function formatDateTime(d: Date | string): string {
  return new Date(d).toLocaleString('pl-PL', { timeZone: 'Europe/Warsaw', dateStyle: 'long', timeStyle: 'short' });
}

/** The CSRF token of a form post (shared/http csrf.ts). */
export const csrfField = (csrf: string): SafeHtml => html`<input type="hidden" name="_csrf" value="${csrf}" />`;
