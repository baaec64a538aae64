import { html, type SafeHtml } from '@cas/http';
import { AREA_CODES } from '@cas/contracts';
import { REVIEW_STATUS } from '../../domain/review-item.js';
import type { summary } from '../review.routes.js';
import { layout } from './layout.js';

/** Polish names of the statuses (stored values stay English). */
export const STATUS_LABEL: Record<string, string> = {
  [REVIEW_STATUS.awaitingDocument]: 'czeka na skan',
  [REVIEW_STATUS.readyForReview]: 'do rozpatrzenia',
  [REVIEW_STATUS.approved]: 'zatwierdzony',
  [REVIEW_STATUS.rejected]: 'odrzucony',
  [REVIEW_STATUS.expired]: 'wygasły',
  [REVIEW_STATUS.withdrawn]: 'wycofany',
};

/** The queue's filters besides the status, as the form sends them (empty = any). */
export interface QueueFilters {
  q: string;
  area: string;
  unitType: string;
  from: string;
  to: string;
}

export interface QueueView {
  who: { login: string; voivodeship: string | null };
  status: string;
  filters: QueueFilters;
  /** A Polish message per filter field that was refused (the list is then empty). */
  errors: Record<string, string>;
  unitTypes: string[];
  items: ReturnType<typeof summary>[];
  counts: Record<string, number>;
  next: string | null;
  notice: string | null;
}

/**
 * The "Skróty klawiszowe: ?" hint and its help dialog for a page's keyboard shortcuts (static/admin.js). Both stay
 * hidden without JavaScript, when the keys do nothing; the dialog is a native modal `<dialog>` (Esc closes it).
 */
export function shortcutsHelp(keys: [key: string, action: string][]): SafeHtml {
  return html`<p class="shortcuts-hint" hidden>
      <button type="button" class="secondary" data-shortcuts-open aria-haspopup="dialog" aria-controls="skroty">
        Skróty klawiszowe: <kbd>?</kbd>
      </button>
    </p>
    <dialog id="skroty" aria-labelledby="skroty-tytul">
      <h2 id="skroty-tytul">Skróty klawiszowe</h2>
      <dl class="shortcuts">
        ${keys.map(
          ([key, action]) =>
            html`<div>
              <dt><kbd>${key}</kbd></dt>
              <dd>${action}</dd>
            </div>`,
        )}
      </dl>
      <p class="muted">Skróty nie działają podczas pisania w polu formularza ani z wciśniętym Ctrl, Alt lub Cmd.</p>
      <p><button type="button" data-shortcuts-close>Zamknij</button></p>
    </dialog>`;
}

/** A date filter field with its error (if refused) tied to it for screen readers. */
function dateField(name: 'from' | 'to', label: string, v: QueueView): SafeHtml {
  const error = v.errors[name];
  return html`<div>
    <label for="${name}">${label}</label>
    <input
      id="${name}"
      name="${name}"
      type="date"
      value="${v.filters[name]}"
      ${error ? html`aria-invalid="true" aria-describedby="${name}-blad"` : ''}
    />
    ${error ? html`<p class="field-error" id="${name}-blad">${error}</p>` : ''}
  </div>`;
}

const date = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString('pl-PL', { timeZone: 'Europe/Warsaw' }) : '—');

/** The review queue: counts per status as tabs, a search, the items oldest first, the next page. */
export function queuePage(v: QueueView): string {
  const filterParams = (Object.entries(v.filters) as [string, string][])
    .filter(([, value]) => value !== '')
    .map(([k, value]) => `&${k}=${encodeURIComponent(value)}`)
    .join('');
  const href = (status: string) => `/?status=${encodeURIComponent(status)}${filterParams}`;
  const filtered = filterParams !== '';
  return layout(
    'Wnioski',
    html`<h1>Wnioski rejestracyjne</h1>
      ${shortcutsHelp([
        ['j', 'wyróżnij następny wiersz listy'],
        ['k', 'wyróżnij poprzedni wiersz listy'],
        ['Enter', 'otwórz wniosek z wyróżnionego wiersza'],
        ['?', 'pokaż lub ukryj tę pomoc'],
      ])}
      ${v.notice ? html`<p class="notice" role="status">${v.notice}</p>` : ''}
      <nav aria-label="Statusy wniosków">
        <ul class="counts">
          ${Object.entries(STATUS_LABEL).map(
            ([status, label]) =>
              html`<li>
                <a href="${href(status)}" ${status === v.status ? html`aria-current="page"` : ''}>${label}: ${v.counts[status] ?? 0}</a>
              </li>`,
          )}
        </ul>
      </nav>
      <form class="filters" method="get" action="/" role="search">
        <input type="hidden" name="status" value="${v.status}" />
        <div>
          <label for="q">Szukaj (numer, nazwa jednostki, imię i nazwisko, REGON, login)</label>
          <input id="q" name="q" type="search" value="${v.filters.q}" maxlength="200" />
        </div>
        <div>
          <label for="area">Obszar</label>
          <select id="area" name="area">
            <option value="">wszystkie</option>
            ${AREA_CODES.map((a) => html`<option value="${a}" ${a === v.filters.area ? 'selected' : ''}>${a}</option>`)}
          </select>
        </div>
        <div>
          <label for="unitType">Typ jednostki</label>
          <select id="unitType" name="unitType">
            <option value="">wszystkie</option>
            ${v.unitTypes.map((t) => html`<option value="${t}" ${t === v.filters.unitType ? 'selected' : ''}>${t}</option>`)}
          </select>
        </div>
        ${dateField('from', 'Złożony od', v)} ${dateField('to', 'Złożony do', v)}
        <button type="submit">Filtruj</button>
        ${filtered ? html`<a href="/?status=${encodeURIComponent(v.status)}">Wyczyść filtry</a>` : ''}
      </form>
      ${
        v.items.length === 0
          ? html`<p>Brak wniosków o statusie „${STATUS_LABEL[v.status] ?? v.status}”${filtered ? ' spełniających warunki filtra' : ''}.</p>`
          : html`<table class="queue">
              <caption class="muted">
                Od najstarszych; wyróżnione czekają dłużej niż zwykle.
              </caption>
              <thead>
                <tr>
                  <th scope="col">Numer</th>
                  <th scope="col">Jednostka</th>
                  <th scope="col">Użytkownik</th>
                  <th scope="col">Obszary</th>
                  <th scope="col">Złożony</th>
                  <th scope="col">Dni</th>
                  <th scope="col">Skany</th>
                </tr>
              </thead>
              <tbody>
                ${v.items.map(
                  (i) =>
                    html`<tr class="${i.overdue ? 'overdue' : ''}">
                      <td><a href="/wnioski/${i.applicationId}">${i.number ?? ''}</a></td>
                      <td>${i.unit?.name ?? ''}<br /><span class="muted">REGON ${i.unit?.regon ?? ''}</span></td>
                      <td>${i.user?.name ?? ''}<br /><span class="muted">${i.user?.login ?? ''}</span></td>
                      <td>${i.areas.join(', ')}</td>
                      <td>${date(i.submittedAt)}</td>
                      <td>${i.daysWaiting}${i.overdue ? html` <span class="muted">(po terminie)</span>` : ''}</td>
                      <td>${i.scans}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
      ${v.next ? html`<p><a href="${href(v.status)}&after=${v.next}">Następna strona</a></p>` : ''}`,
    v.who,
  );
}
