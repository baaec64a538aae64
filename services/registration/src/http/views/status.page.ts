import { html } from '@cas/http';
import { errorSummary, field, formatDateTime, layout } from './layout.js';

export const STATUS_LABELS: Record<string, string> = {
  'awaiting-document': 'Oczekuje na podpisany formularz',
  'document-received': 'Formularz otrzymany — wniosek czeka na rozpatrzenie',
  approved: 'Zatwierdzony — konto aktywne',
  rejected: 'Odrzucony',
  expired: 'Wygasł (nie otrzymano podpisanego formularza w terminie)',
  withdrawn: 'Wycofany',
};

/** In the timeline an approval is the decision at its date; whether the account is there is the headline's to say. */
const TIMELINE_LABELS: Record<string, string> = { ...STATUS_LABELS, approved: 'Zatwierdzony' };

/** Approved, but the account it creates is not there yet (the step after the decision; after a crash, within a minute). */
const ACCOUNT_PENDING_LABEL = 'Zatwierdzony — konto jest zakładane, będzie gotowe w ciągu minuty';

export interface StatusModel {
  number: string;
  error?: string;
  notFound?: boolean;
  result?: { status: string; timeline: { status: string; at: Date }[]; accountPending?: boolean };
}

/** Shows status and dates only: anyone with the number may look, so nothing personal is shown. */
export function statusPage(m: StatusModel): string {
  const errors: Record<string, string> = m.error ? { number: m.error } : {};
  return layout(
    { title: m.result ? `Status wniosku ${m.number}` : 'Status wniosku' },
    html`<h1>Status wniosku</h1>
      ${errorSummary(errors, { number: 'Numer wniosku' })}
      <form method="get" action="/status" class="inline-form">
        ${field({ name: 'number', label: 'Numer wniosku', value: m.number, hint: 'Np. 26/2026/000123 — znajdziesz go w e-mailu z potwierdzeniem i na formularzu.', ...(m.error ? { error: m.error } : {}), maxlength: 14 })}
        <button type="submit" class="button-primary">Sprawdź</button>
      </form>
      ${m.notFound ? html`<p class="notice" role="status">Nie znaleziono wniosku o numerze ${m.number}. Sprawdź numer w e-mailu z potwierdzeniem.</p>` : ''}
      ${
        m.result
          ? html`<section aria-labelledby="wynik" role="status">
              <h2 id="wynik">
                Wniosek ${m.number}:
                ${m.result.accountPending ? ACCOUNT_PENDING_LABEL : (STATUS_LABELS[m.result.status] ?? m.result.status)}
              </h2>
              <ol class="timeline">
                ${m.result.timeline.map((t) => html`<li><strong>${TIMELINE_LABELS[t.status] ?? t.status}</strong> — <time datetime="${new Date(t.at).toISOString()}">${formatDateTime(t.at)}</time></li>`)}
              </ol>
            </section>`
          : ''
      }`,
  );
}
