import {
  AUTO_FOOTER,
  daysPhrase,
  escapeHtml,
  formatDate,
  headerSafe,
  htmlDocument,
  htmlLink,
  plural,
  type RenderedEmail,
} from './common.js';

/** How many applications one digest lists; the rest are counted and found in the approval queue. */
export const DIGEST_MAX_ITEMS = 200;

/** Status of a waiting application, as the administrator reads it. */
export const WAITING_STATUS_LABELS = {
  'awaiting-document': 'czeka na skan',
  'ready-for-review': 'do rozpatrzenia',
} as const;

/** One voivodeship's applications waiting longer than `afterDays` days, oldest first, for its administrators. */
export interface WaitingDigest {
  voivodeshipName: string;
  afterDays: number;
  /** ISO day the digest covers. */
  date: string;
  items: { number: string; unitName: string; status: 'awaiting-document' | 'ready-for-review'; daysWaiting: number }[];
  approvalUrl: string;
}

const applications = (n: number) => `${n} ${plural(n, 'wniosek', 'wnioski', 'wniosków')}`;
const wait = (n: number) => plural(n, 'czeka', 'czekają', 'czeka');
const more = (n: number) => `${n} ${plural(n, 'kolejny wniosek', 'kolejne wnioski', 'kolejnych wniosków')}`;
const statusLabel = (s: string) =>
  Object.hasOwn(WAITING_STATUS_LABELS, s) ? WAITING_STATUS_LABELS[s as keyof typeof WAITING_STATUS_LABELS] : s;

/** Daily digest to a voivodeship's administrators: how many applications wait too long, which, and the queue link. */
export function waitingDigestEmail(v: WaitingDigest): RenderedEmail {
  const day = formatDate(v.date);
  const count = v.items.length;
  const shown = v.items.slice(0, DIGEST_MAX_ITEMS);
  const rest = count - shown.length;
  const summary =
    count === 0
      ? `Żaden wniosek nie czeka dłużej niż ${daysPhrase(v.afterDays)}.`
      : `${applications(count)} ${wait(count)} dłużej niż ${daysPhrase(v.afterDays)} (od najdłużej czekającego):`;
  const restLine = rest > 0 ? `…oraz ${more(rest)}: pełna lista jest w kolejce wniosków.` : null;
  const text = [
    'Dzień dobry,',
    '',
    `zestawienie wniosków rejestracyjnych do CAS z dnia ${day}, województwo ${v.voivodeshipName}.`,
    '',
    summary,
    ...shown.map((i) => `- ${i.number} | ${i.unitName} | ${statusLabel(i.status)} | ${daysPhrase(i.daysWaiting)}`),
    ...(restLine ? [restLine] : []),
    '',
    `Kolejka wniosków: ${v.approvalUrl}`,
    '',
    AUTO_FOOTER,
  ].join('\n');
  const table =
    shown.length === 0
      ? ''
      : `<table>
<caption>Wnioski czekające dłużej niż ${escapeHtml(daysPhrase(v.afterDays))}, od najdłużej czekającego</caption>
<thead><tr><th scope="col">Numer wniosku</th><th scope="col">Jednostka</th><th scope="col">Status</th><th scope="col">Czas oczekiwania</th></tr></thead>
<tbody>
${shown
  .map(
    (i) =>
      `<tr><th scope="row">${escapeHtml(i.number)}</th><td>${escapeHtml(i.unitName)}</td><td>${escapeHtml(statusLabel(i.status))}</td><td>${escapeHtml(daysPhrase(i.daysWaiting))}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>`;
  const html = htmlDocument(
    `Wnioski czekające — województwo ${v.voivodeshipName}, ${day}`,
    `<p>Dzień dobry,</p>
<p>zestawienie wniosków rejestracyjnych do CAS z dnia ${escapeHtml(day)}, województwo ${escapeHtml(v.voivodeshipName)}.</p>
<p>${escapeHtml(summary)}</p>
${table}
${restLine ? `<p>${escapeHtml(restLine)}</p>` : ''}
<p>${htmlLink(v.approvalUrl, 'Otwórz kolejkę wniosków')}</p>`,
  );
  const subject = `CAS, województwo ${v.voivodeshipName}: ${applications(count)} ${wait(count)} dłużej niż ${daysPhrase(v.afterDays)} (${day})`;
  return { subject: headerSafe(subject), text, html };
}
