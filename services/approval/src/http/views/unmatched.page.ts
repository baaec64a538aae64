import { html } from '@cas/http';
import type { UnmatchedScan } from '../../store/unmatched-scan.repository.js';
import type { QueueEntry } from '../../store/review-index.js';
import { STATUS_LABEL } from './queue.page.js';
import { layout } from './layout.js';

type Who = { login: string; voivodeship: string | null };

/** Intake's reasons in Polish (stored values stay English). */
export const REASON_LABEL: Record<string, string> = {
  'no-code-found': 'nie znaleziono kodu QR ani numeru wniosku',
  'unknown-number': 'nieznany numer wniosku',
  'application-not-open': 'wniosek nie jest otwarty (zatwierdzony, odrzucony lub wygasły)',
  'code-mismatch': 'kod weryfikacyjny niezgodny z wnioskiem',
  'not-related': 'niezwiązany z żadnym wnioskiem',
  'empty-file': 'pusty plik',
  'unsupported-file-type': 'nieobsługiwany rodzaj pliku',
  'corrupt-file': 'uszkodzony plik',
  'too-many-pixels': 'obraz zbyt duży',
  'too-many-pages': 'zbyt wiele stron',
  'encrypted-pdf': 'PDF zaszyfrowany hasłem',
  'pdf-with-javascript': 'PDF zawiera skrypty',
  'zip-over-limits': 'paczka ZIP przekracza limity',
  'zip-without-documents': 'paczka ZIP bez dokumentów',
  'zip-encrypted': 'paczka ZIP zaszyfrowana',
  'processing-failed': 'nie udało się przetworzyć pliku',
};

export const INBOX_STATUS_LABEL: Record<string, string> = {
  open: 'do obsłużenia',
  assigned: 'przypisane (czeka na potwierdzenie)',
  matched: 'dopasowane',
  dismissed: 'odłożone jako niezwiązane',
};

const when = (iso: string) => (iso ? new Date(iso).toLocaleString('pl-PL', { timeZone: 'Europe/Warsaw' }) : '—');
const reason = (s: UnmatchedScan) => `${s.kind === 'rejected' ? 'odrzucony: ' : ''}${REASON_LABEL[s.reason] ?? s.reason}`;

/** The inbox of scans intake could not tie to an application, oldest first, with counts per status. */
export function unmatchedListPage(v: {
  who: Who;
  status: string;
  items: UnmatchedScan[];
  counts: Record<string, number>;
  next: string | null;
  notice: string | null;
}): string {
  return layout(
    'Skany niedopasowane',
    html`<h1>Skany niedopasowane</h1>
      ${v.notice ? html`<p class="notice" role="status">${v.notice}</p>` : ''}
      <nav aria-label="Statusy skanów">
        <ul class="counts">
          ${Object.entries(INBOX_STATUS_LABEL).map(
            ([status, label]) =>
              html`<li>
                <a href="/skany-niedopasowane?status=${status}" ${status === v.status ? html`aria-current="page"` : ''}
                  >${label}: ${v.counts[status] ?? 0}</a
                >
              </li>`,
          )}
        </ul>
      </nav>
      ${
        v.items.length === 0
          ? html`<p>Brak skanów o statusie „${INBOX_STATUS_LABEL[v.status] ?? v.status}”.</p>`
          : html`<table>
              <caption class="muted">
                Od najstarszych.
              </caption>
              <thead>
                <tr>
                  <th scope="col">Otrzymany</th>
                  <th scope="col">Kanał i nadawca</th>
                  <th scope="col">Temat</th>
                  <th scope="col">Powód</th>
                </tr>
              </thead>
              <tbody>
                ${v.items.map(
                  (s) =>
                    html`<tr>
                      <td><a href="/skany-niedopasowane/${s.scanId}">${when(s.receivedAt)}</a></td>
                      <td>${s.channel}<br /><span class="muted">${s.sender}</span></td>
                      <td>${s.subject}</td>
                      <td>${reason(s)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
      ${v.next ? html`<p><a href="/skany-niedopasowane?status=${v.status}&after=${v.next}">Następna strona</a></p>` : ''}`,
    v.who,
  );
}

/** One unmatched scan: the file, where it came from, a search for the application, assign or set aside. */
export function unmatchedScanPage(
  scan: UnmatchedScan,
  v: { who: Who; csrf: string; q: string; candidates: QueueEntry[]; error: string | null },
): string {
  const open = scan.status === 'open';
  return layout(
    'Skan niedopasowany',
    html`<p><a href="/skany-niedopasowane">← Wróć do skanów niedopasowanych</a></p>
      <h1>Skan niedopasowany — ${INBOX_STATUS_LABEL[scan.status] ?? scan.status}</h1>
      ${v.error ? html`<p class="error" role="alert">${v.error}</p>` : ''}
      <div class="review">
        <section aria-labelledby="skad">
          <h2 id="skad">Skąd przyszedł</h2>
          <table>
            <tr>
              <th scope="row">Otrzymany</th>
              <td>${when(scan.receivedAt)}</td>
            </tr>
            <tr>
              <th scope="row">Kanał</th>
              <td>${scan.channel}</td>
            </tr>
            <tr>
              <th scope="row">Nadawca</th>
              <td>${scan.sender || '—'}</td>
            </tr>
            <tr>
              <th scope="row">Temat</th>
              <td>${scan.subject || '—'}</td>
            </tr>
            <tr>
              <th scope="row">Powód</th>
              <td>${reason(scan)}</td>
            </tr>
          </table>
          ${open && scan.kind === 'unmatched' ? assignForm(scan, v) : ''} ${open ? dismissForm(scan, v.csrf) : ''}
        </section>
        <section aria-labelledby="plik" class="scan">
          <h2 id="plik">Plik</h2>
          ${
            scan.kind === 'rejected'
              ? html`<p>Plik został odrzucony przy przyjęciu i nie jest wyświetlany.</p>`
              : html`<iframe class="scan-frame" src="/skany/${scan.scanId}" title="Podgląd niedopasowanego skanu" sandbox></iframe>`
          }
          <p><a href="/skany/${scan.scanId}?pobierz=1">Pobierz plik</a></p>
        </section>
      </div>`,
    v.who,
  );
}

function assignForm(scan: UnmatchedScan, v: { csrf: string; q: string; candidates: QueueEntry[] }) {
  return html`<h2>Przypisz do wniosku</h2>
    <form class="filters" method="get" action="/skany-niedopasowane/${scan.scanId}" role="search">
      <div>
        <label for="q">Szukaj wniosku (numer, nazwa jednostki, REGON, login)</label>
        <input id="q" name="q" type="search" value="${v.q}" maxlength="200" />
      </div>
      <button type="submit">Szukaj</button>
    </form>
    ${
      v.q && v.candidates.length === 0
        ? html`<p>Nie znaleziono otwartego wniosku pasującego do wyszukiwania.</p>`
        : v.candidates.length > 0
          ? html`<form class="decision" method="post" action="/skany-niedopasowane/${scan.scanId}/przypisz">
              <input type="hidden" name="_csrf" value="${v.csrf}" />
              <fieldset>
                <legend>Wybierz wniosek</legend>
                ${v.candidates.map(
                  (c, i) =>
                    html`<p>
                      <input type="radio" id="w${i}" name="applicationId" value="${c.applicationId}" required />
                      <label for="w${i}" style="display:inline"
                        >${c.number} — ${c.unit?.name ?? ''}, ${c.user?.name ?? ''} (${STATUS_LABEL[c.status] ?? c.status})</label
                      >
                    </p>`,
                )}
              </fieldset>
              <button type="submit">Przypisz skan do wybranego wniosku</button>
            </form>`
          : ''
    }`;
}

function dismissForm(scan: UnmatchedScan, csrf: string) {
  return html`<form class="decision" method="post" action="/skany-niedopasowane/${scan.scanId}/odloz">
    <input type="hidden" name="_csrf" value="${csrf}" />
    <h2>Niezwiązany z żadnym wnioskiem</h2>
    <label for="notatka">Notatka (opcjonalnie)</label>
    <textarea id="notatka" name="note" rows="2" cols="50" maxlength="1000"></textarea>
    <p><button class="danger" type="submit">Odłóż jako niezwiązany</button></p>
  </form>`;
}
