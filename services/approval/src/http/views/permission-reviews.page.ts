import { html, type SafeHtml } from '@cas/http';
import { PERMISSION_STATUS } from '../../domain/permission-review.js';
import type { PermissionSummary } from '../permission-reviews.routes.js';
import { layout } from './layout.js';

type Who = { login: string; voivodeship: string | null };

/** Polish names of the statuses (stored values stay English). */
export const PERMISSION_STATUS_LABEL: Record<string, string> = {
  [PERMISSION_STATUS.pending]: 'do rozpatrzenia',
  [PERMISSION_STATUS.approved]: 'zatwierdzony',
  [PERMISSION_STATUS.rejected]: 'odrzucony',
};

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('pl-PL', { timeZone: 'Europe/Warsaw' }) : '—');

/** Sub-areas by their catalogue codes (the catalogue with the names lives in registration). */
const grantList = (grants: { area: string; subArea: string; unitName?: string | null }[], withUnit = false): SafeHtml =>
  grants.length === 0
    ? html`<span class="muted">brak</span>`
    : html`<ul class="grants">
        ${grants.map((g) => html`<li>${g.area} — ${g.subArea}${withUnit ? html` <span class="muted">(${g.unitName ?? 'inna jednostka'})</span>` : ''}</li>`)}
      </ul>`;

export interface PermissionQueueView {
  who: Who;
  status: string;
  items: PermissionSummary[];
  counts: Record<string, number>;
  next: string | null;
  notice: string | null;
}

/** The queue of permission requests: counts per status as tabs, oldest first, with what each user holds now. */
export function permissionQueuePage(v: PermissionQueueView): string {
  const href = (status: string) => `/uprawnienia?status=${encodeURIComponent(status)}`;
  return layout(
    'Uprawnienia',
    html`<h1>Wnioski o rozszerzenie uprawnień</h1>
      ${v.notice ? html`<p class="notice" role="status">${v.notice}</p>` : ''}
      <nav aria-label="Statusy wniosków o uprawnienia">
        <ul class="counts">
          ${Object.entries(PERMISSION_STATUS_LABEL).map(
            ([status, label]) =>
              html`<li>
                <a href="${href(status)}" ${status === v.status ? html`aria-current="page"` : ''}>${label}: ${v.counts[status] ?? 0}</a>
              </li>`,
          )}
        </ul>
      </nav>
      ${
        v.items.length === 0
          ? html`<p>Brak wniosków o statusie „${PERMISSION_STATUS_LABEL[v.status] ?? v.status}”.</p>`
          : html`<table>
              <caption class="muted">
                Od najstarszych.
              </caption>
              <thead>
                <tr>
                  <th scope="col">Użytkownik</th>
                  <th scope="col">Jednostka, do której wnioskuje</th>
                  <th scope="col">Wnioskowane podobszary</th>
                  <th scope="col">Obecne uprawnienia</th>
                  <th scope="col">Złożony</th>
                </tr>
              </thead>
              <tbody>
                ${v.items.map(
                  (i) =>
                    html`<tr>
                      <td>
                        <a href="/uprawnienia/${i.requestId}">${i.user?.name ?? ''}</a><br /><span class="muted"
                          >${i.user?.login ?? ''}</span
                        >
                      </td>
                      <td>${i.targetUnit?.name ?? ''}<br /><span class="muted">REGON ${i.targetUnit?.regon ?? ''}</span></td>
                      <td>${grantList(i.subAreas)}</td>
                      <td>${grantList(i.currentGrants, true)}</td>
                      <td>${when(i.submittedAt)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
      ${v.next ? html`<p><a href="${href(v.status)}&after=${v.next}">Następna strona</a></p>` : ''}`,
    v.who,
  );
}

/** What went wrong with the last form: next to its field when it names one, else above the forms. */
export interface FormProblem {
  field: 'confirm' | 'reason' | null;
  form: 'approve' | 'reject';
  message: string;
  reason: string;
}

const row = (label: string, value: string | SafeHtml | null | undefined) =>
  value
    ? html`<tr>
        <th scope="row">${label}</th>
        <td>${value}</td>
      </tr>`
    : '';

/** One permission request with the decision forms while it waits (no JavaScript needed). */
export function permissionReviewPage(r: PermissionSummary, opts: { who: Who; csrf: string; problem: FormProblem | null }): string {
  const p = opts.problem;
  const at = (form: FormProblem['form'], field: FormProblem['field']) => (p && p.form === form && p.field === field ? p : null);
  const confirmError = at('approve', 'confirm');
  const rejectError = at('reject', 'reason');
  const approveReasonError = at('approve', 'reason');
  return layout(
    `Wniosek o uprawnienia — ${r.user?.login ?? ''}`,
    html`<p><a href="/uprawnienia">← Wróć do listy</a></p>
      <h1>Wniosek o rozszerzenie uprawnień — ${PERMISSION_STATUS_LABEL[r.status] ?? r.status}</h1>
      ${p && !p.field ? html`<p class="error" role="alert">${p.message}</p>` : ''}
      <table>
        ${row('Użytkownik', r.user?.name)} ${row('Login', r.user?.login)} ${row('E-mail', r.user?.email)}
        ${row('Jednostka', r.targetUnit?.name)} ${row('REGON', r.targetUnit?.regon)} ${row('TERYT', r.targetUnit?.teryt)}
        ${row('Złożony', when(r.submittedAt))} ${row('Uzasadnienie', r.justification)}
      </table>
      <h2>Wnioskowane podobszary</h2>
      ${grantList(r.subAreas)}
      <h2>Obecne uprawnienia użytkownika</h2>
      ${grantList(r.currentGrants, true)}
      ${
        r.decision
          ? html`<h2>Decyzja</h2>
              <p>
                ${r.decision.outcome === 'approved' ? 'Zatwierdzony' : 'Odrzucony'}
                ${when(r.decision.decidedAt)}${r.decision.reason ? `: ${r.decision.reason}` : ''}
              </p>`
          : ''
      }
      ${
        r.status === PERMISSION_STATUS.pending
          ? html`<form class="decision" method="post" action="/uprawnienia/${r.requestId}/zatwierdz">
                <input type="hidden" name="_csrf" value="${opts.csrf}" />
                <h2>Zatwierdź</h2>
                <p class="check">
                  <input
                    id="potwierdzam"
                    type="checkbox"
                    name="confirm"
                    value="tak"
                    required
                    ${confirmError ? html`aria-invalid="true" aria-describedby="potwierdzam-blad"` : ''}
                  />
                  <label for="potwierdzam">Sprawdziłem(-am), że użytkownik potrzebuje tych podobszarów w tej jednostce</label>
                  ${confirmError ? html`<span id="potwierdzam-blad" class="field-error" role="alert">${confirmError.message}</span>` : ''}
                </p>
                <label for="uwagi">Uwagi (nieobowiązkowe, trafią do użytkownika)</label>
                <textarea
                  id="uwagi"
                  name="reason"
                  rows="2"
                  cols="50"
                  maxlength="2000"
                  ${approveReasonError ? html`aria-invalid="true" aria-describedby="uwagi-blad"` : ''}
                >
${p?.form === 'approve' ? p.reason : ''}</textarea>
                ${approveReasonError ? html`<p id="uwagi-blad" class="field-error" role="alert">${approveReasonError.message}</p>` : ''}
                <p><button type="submit">Zatwierdź wniosek</button></p>
              </form>
              <form class="decision" method="post" action="/uprawnienia/${r.requestId}/odrzuc">
                <input type="hidden" name="_csrf" value="${opts.csrf}" />
                <h2>Odrzuć</h2>
                <label for="powod">Powód odrzucenia (trafi do użytkownika)</label>
                <textarea
                  id="powod"
                  name="reason"
                  rows="3"
                  cols="50"
                  maxlength="2000"
                  required
                  ${rejectError ? html`aria-invalid="true" aria-describedby="powod-blad"` : ''}
                >
${p?.form === 'reject' ? p.reason : ''}</textarea>
                ${rejectError ? html`<p id="powod-blad" class="field-error" role="alert">${rejectError.message}</p>` : ''}
                <p><button class="danger" type="submit">Odrzuć wniosek</button></p>
              </form>`
          : ''
      }`,
    opts.who,
  );
}
