import { html } from '@cas/http';
import type { FailedEmail } from '../notification.client.js';
import { layout } from './layout.js';

export interface FailedEmailsView {
  who: { login: string; voivodeship: string | null };
  csrf: string;
  items: FailedEmail[];
  next: string | null;
  notice: string | null;
  error: string | null;
}

const when = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString('pl-PL', { timeZone: 'Europe/Warsaw', dateStyle: 'short', timeStyle: 'short' }) : '—';

/** The e-mails that could not be sent, newest failure first, each with "Ponów wysyłkę". */
export function failedEmailsPage(v: FailedEmailsView): string {
  return layout(
    'Nieudane e-maile',
    html`<h1>Nieudane e-maile</h1>
      <p>
        E-maile, których serwer pocztowy nie przyjął mimo ponawiania (np. nieistniejący adres). Po poprawieniu przyczyny możesz ponowić
        wysyłkę. <a href="/szablony-e-maili">Podgląd szablonów e-maili</a>
      </p>
      ${v.notice ? html`<p class="notice" role="status">${v.notice}</p>` : ''}
      ${v.error ? html`<p class="error" role="alert">${v.error}</p>` : ''}
      ${
        v.items.length === 0
          ? html`<p>Brak nieudanych e-maili.</p>`
          : html`<table class="queue">
              <caption class="muted">
                Od ostatnio nieudanych.
              </caption>
              <thead>
                <tr>
                  <th scope="col">Odbiorca</th>
                  <th scope="col">Temat</th>
                  <th scope="col">Nieudany</th>
                  <th scope="col">Próby</th>
                  <th scope="col">Ostatni błąd</th>
                  <th scope="col"><span class="visually-hidden">Akcja</span></th>
                </tr>
              </thead>
              <tbody>
                ${v.items.map(
                  (d) =>
                    html`<tr>
                      <td>${d.recipient}</td>
                      <td>${d.subject}<br /><span class="muted">${d.template}</span></td>
                      <td>${when(d.failedAt)}</td>
                      <td>${d.attempts}</td>
                      <td>${d.lastError ?? '—'}</td>
                      <td>
                        <form method="post" action="/nieudane-emaile/${encodeURIComponent(d.id)}/ponow">
                          <input type="hidden" name="_csrf" value="${v.csrf}" />
                          <button type="submit" aria-label="Ponów wysyłkę do ${d.recipient}">Ponów wysyłkę</button>
                        </form>
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
      ${v.next ? html`<p><a href="/nieudane-emaile?after=${v.next}">Następna strona</a></p>` : ''}`,
    v.who,
  );
}
