import { html } from '@cas/http';
import { type AUDIT_GROUPS, AUDIT_KIND_LABEL, type AuditEntry } from '../../domain/audit.js';
import { layout } from './layout.js';

const GROUP_LABEL: Record<keyof typeof AUDIT_GROUPS, string> = {
  decyzje: 'decyzje o wnioskach',
  skany: 'skany niedopasowane',
  uprawnienia: 'uprawnienia',
  konta: 'konta użytkowników',
};

export interface AuditView {
  who: { login: string; voivodeship: string | null };
  entries: AuditEntry[];
  from: string;
  to: string;
  group: string;
  actor: string;
  central: boolean;
  voivodeship: string;
}

/** The audit trail: filters (period, kind, login), the newest 500 rows, and the same as CSV. */
export function auditPage(v: AuditView): string {
  const params = new URLSearchParams({ from: v.from, to: v.to, format: 'csv', limit: '10000' });
  if (v.group) params.set('group', v.group);
  if (v.actor) params.set('actor', v.actor);
  if (v.central && v.voivodeship) params.set('voivodeship', v.voivodeship);
  return layout(
    'Audyt',
    html`<h1>Audyt</h1>
      <p class="muted">Decyzje i działania administratorów oraz zdarzenia kont użytkowników, od najnowszych. Czas w UTC.</p>
      <form class="filters" method="get" action="/audyt">
        <div>
          <label for="from">Od dnia</label>
          <input id="from" name="from" type="date" value="${v.from}" required />
        </div>
        <div>
          <label for="to">Do dnia</label>
          <input id="to" name="to" type="date" value="${v.to}" required />
        </div>
        <div>
          <label for="group">Rodzaj</label>
          <select id="group" name="group">
            <option value="">wszystkie</option>
            ${Object.entries(GROUP_LABEL).map(
              ([g, label]) => html`<option value="${g}" ${g === v.group ? html`selected` : ''}>${label}</option>`,
            )}
          </select>
        </div>
        <div>
          <label for="actor">Login (kto albo kogo dotyczy)</label>
          <input id="actor" name="actor" type="search" value="${v.actor}" maxlength="254" />
        </div>
        ${
          v.central
            ? html`<div>
                <label for="voivodeship">Województwo (kod)</label>
                <input id="voivodeship" name="voivodeship" inputmode="numeric" pattern="[0-9]{2}" value="${v.voivodeship}" />
              </div>`
            : ''
        }
        <button type="submit">Pokaż</button>
      </form>
      <p><a href="/api/v1/audit?${params.toString()}">Pobierz CSV</a></p>
      ${
        v.entries.length === 0
          ? html`<p>Brak zdarzeń w wybranym okresie.</p>`
          : html`<table>
              <caption class="muted">
                Wpisów: ${v.entries.length}${v.entries.length >= 500 ? ' (pokazano 500 najnowszych; pełny zakres w pliku CSV)' : ''}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Czas (UTC)</th>
                  <th scope="col">Rodzaj</th>
                  <th scope="col">Kto</th>
                  <th scope="col">Czego dotyczy</th>
                  <th scope="col">Szczegóły</th>
                  <th scope="col">Adres IP</th>
                </tr>
              </thead>
              <tbody>
                ${v.entries.map(
                  (e) =>
                    html`<tr>
                      <td>${e.at.toISOString().replace('T', ' ').slice(0, 19)}</td>
                      <td>
                        ${AUDIT_KIND_LABEL[e.kind]}${v.central && e.voivodeship ? html` <span class="muted">(${e.voivodeship})</span>` : ''}
                      </td>
                      <td>${e.actor}</td>
                      <td>${e.subject}</td>
                      <td>${e.details}</td>
                      <td>${e.ip ?? ''}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }`,
    v.who,
  );
}
