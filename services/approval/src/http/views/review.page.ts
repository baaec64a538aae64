import { html } from '@cas/http';
import type { ReviewItem } from '../../domain/review-item.js';
import { REJECT_REASONS } from '../../domain/decision.js';
import { shortcutsHelp, STATUS_LABEL } from './queue.page.js';
import { layout } from './layout.js';

const MATCHED_BY: Record<string, string> = {
  qr: 'kod QR (kod weryfikacyjny zgodny)',
  text: 'numer wniosku w treści (bez weryfikacji kodu — porównaj z wydrukiem)',
  manual: 'przypisany ręcznie przez administratora',
};

const row = (label: string, value: string | null | undefined) =>
  value
    ? html`<tr>
        <th scope="row">${label}</th>
        <td>${value}</td>
      </tr>`
    : '';

/** Zoom and rotate buttons for an image scan; `hidden` until static/admin.js enables them (no JavaScript, no buttons). */
const viewerTools = html`<div
  class="viewer-tools"
  role="group"
  aria-label="Podgląd skanu: powiększenie i obrót"
  data-viewer-for="podglad"
  hidden
>
  <button type="button" class="secondary" data-viewer="zoom-in">Powiększ</button>
  <button type="button" class="secondary" data-viewer="zoom-out">Pomniejsz</button>
  <button type="button" class="secondary" data-viewer="rotate-right">Obróć w prawo</button>
  <button type="button" class="secondary" data-viewer="rotate-left">Obróć w lewo</button>
  <button type="button" class="secondary" data-viewer="fit">Dopasuj</button>
  <span class="muted" data-viewer-state aria-live="polite"></span>
</div>`;

/**
 * One application next to its scan(s), with the decision forms when it waits for one; `next` is the following
 * ready-for-review item of the admin's queue (the "Następny wniosek" link, also the `n` key).
 */
export function reviewPage(
  item: ReviewItem,
  opts: { who: { login: string; voivodeship: string | null }; csrf: string; error: string | null; next?: string | null },
): string {
  const open = item.status === 'ready-for-review';
  const latest = item.scans.at(-1);
  const keys: [key: string, action: string][] = [];
  if (opts.next) keys.push(['n', 'przejdź do następnego wniosku do rozpatrzenia']);
  if (open) keys.push(['a', 'przejdź do potwierdzenia w formularzu „Zatwierdź”'], ['r', 'przejdź do wyboru powodu w formularzu „Odrzuć”']);
  keys.push(['?', 'pokaż lub ukryj tę pomoc']);
  return layout(
    `Wniosek ${item.number ?? ''}`,
    html`<p>
        <a href="/">← Wróć do listy</a>
        ${opts.next ? html` · <a rel="next" href="/wnioski/${opts.next}">Następny wniosek <span aria-hidden="true">→</span></a>` : ''}
      </p>
      <h1>Wniosek ${item.number ?? ''} — ${STATUS_LABEL[item.status] ?? item.status}</h1>
      ${shortcutsHelp(keys)} ${opts.error ? html`<p class="error" role="alert">${opts.error}</p>` : ''}
      <div class="review">
        <section aria-labelledby="dane">
          <h2 id="dane">Dane z wniosku</h2>
          <table>
            ${row('Kod weryfikacyjny (porównaj z wydrukiem)', item.verificationCode)}
            ${row('Rodzaj', item.kind === 'new-unit' ? 'nowa jednostka i użytkownik' : 'użytkownik istniejącej jednostki')}
            ${row('Jednostka', item.unit?.name)} ${row('REGON', item.unit?.regon)} ${row('NIP', item.unit?.nip)}
            ${row('TERYT', item.unit?.teryt)} ${row('Kierownik', item.unit?.managerName)}
            ${row('Użytkownik', item.user ? `${item.user.firstName} ${item.user.lastName}` : null)} ${row('Login', item.user?.login)}
            ${row('E-mail', item.user?.email)} ${row('Stanowisko', item.user?.position)}
            ${row('Złożony', item.submittedAt?.toLocaleString('pl-PL', { timeZone: 'Europe/Warsaw' }))}
          </table>
          <h2>Wnioskowane podobszary</h2>
          <ul>
            ${item.grants.map((g) => html`<li>${g.area}: ${g.subArea}</li>`)}
          </ul>
          ${
            item.decision
              ? html`<h2>Decyzja</h2>
                  <p>
                    ${item.decision.outcome === 'approved' ? 'Zatwierdzony' : 'Odrzucony'}
                    ${new Date(item.decision.decidedAt).toLocaleString('pl-PL', { timeZone: 'Europe/Warsaw' })}${
                      item.decision.reasonCode
                        ? ` — ${REJECT_REASONS[item.decision.reasonCode as keyof typeof REJECT_REASONS] ?? item.decision.reasonCode}`
                        : ''
                    }${item.decision.reasonText ? `: ${item.decision.reasonText}` : ''}
                  </p>`
              : ''
          }
          ${
            open
              ? html`<form class="decision" method="post" action="/wnioski/${item.applicationId}/zatwierdz">
                    <input type="hidden" name="_csrf" value="${opts.csrf}" />
                    <h2>Zatwierdź</h2>
                    <p class="check">
                      <input id="potwierdzam" type="checkbox" name="confirm" value="tak" required />
                      <label for="potwierdzam">Skan jest podpisany i zgodny z danymi wniosku</label>
                    </p>
                    <button type="submit">Zatwierdź wniosek</button>
                  </form>
                  <form class="decision" method="post" action="/wnioski/${item.applicationId}/odrzuc">
                    <input type="hidden" name="_csrf" value="${opts.csrf}" />
                    <h2>Odrzuć</h2>
                    <label for="powod">Powód</label>
                    <select id="powod" name="reasonCode" required>
                      ${Object.entries(REJECT_REASONS).map(([code, label]) => html`<option value="${code}">${label}</option>`)}
                    </select>
                    <label for="uzasadnienie">Uzasadnienie (trafi do wnioskodawcy)</label>
                    <textarea id="uzasadnienie" name="reasonText" rows="3" cols="50" maxlength="2000"></textarea>
                    <p><button class="danger" type="submit">Odrzuć wniosek</button></p>
                  </form>`
              : ''
          }
        </section>
        <section aria-labelledby="skan" class="scan">
          <h2 id="skan">Skan</h2>
          ${
            latest
              ? html`<p>
                    Dopasowanie: ${MATCHED_BY[latest.matchedBy] ?? latest.matchedBy}; kanał ${latest.channel}; stron: ${latest.pages}.
                  </p>
                  ${
                    latest.contentType.startsWith('image/') && latest.contentType !== 'image/tiff'
                      ? html`${viewerTools}
                          <div class="scan-viewer" id="podglad">
                            <img src="/skany/${latest.scanId}" alt="Skan podpisanego formularza wniosku ${item.number ?? ''}" />
                          </div>`
                      : html`<iframe
                          class="scan-frame"
                          src="/skany/${latest.scanId}"
                          title="Skan podpisanego formularza wniosku ${item.number ?? ''}"
                          sandbox
                        ></iframe>`
                  }
                  <p><a href="/skany/${latest.scanId}?pobierz=1">Pobierz plik skanu</a></p>
                  ${
                    item.scans.length > 1
                      ? html`<h3>Wcześniejsze skany</h3>
                          <ul>
                            ${item.scans.slice(0, -1).map((s) => html`<li><a href="/skany/${s.scanId}?pobierz=1">${s.receivedAt} (${s.channel})</a></li>`)}
                          </ul>`
                      : ''
                  }`
              : html`<p>Nie ma jeszcze dopasowanego skanu.</p>`
          }
        </section>
      </div>`,
    opts.who,
  );
}

/** Shown instead of a page when there is no admin session (or not an admin's). */
export function loginNeededPage(p: { status: number; title: string; detail: string }, loginUrl: string): string {
  return layout(
    p.status === 401 ? 'Zaloguj się' : p.title,
    html`<h1>${p.status === 401 ? 'Zaloguj się' : p.title}</h1>
      <p>${p.detail}</p>
      ${p.status === 401 || p.status === 403 ? html`<p><a href="${loginUrl}">Przejdź do logowania</a> (konto administratora z drugim składnikiem).</p>` : ''}`,
  );
}
