import { html } from '@cas/http';
import { areasOf, type User } from '../../domain/account.js';
import type { Catalogue } from '../../domain/catalogue.js';
import type { PermissionRequest } from '../../domain/permission-request.js';
import type { PublicUnit } from '../../store/unit.repository.js';
import { csrfField, errorSummary, field, formatDateTime, layout } from './layout.js';
import { passwordChangeForm } from './auth.pages.js';

const logoutForm = (csrf: string) =>
  html`<form method="post" action="/wyloguj" class="inline-form">
    ${csrfField(csrf)}<button type="submit" class="button-secondary">Wyloguj</button>
  </form>`;

const REQUEST_LABELS: Record<string, string> = { pending: 'Oczekuje na decyzję', approved: 'Zatwierdzony', rejected: 'Odrzucony' };

/** The landing page: the unit and one tile per granted area; areas without a grant are not offered. */
export function accountHomePage(user: User, catalogue: Catalogue, csrf: string): string {
  const areas = areasOf(user.grants);
  return layout(
    { title: 'Moje konto' },
    html`<h1>Witaj, ${user.firstName} ${user.lastName}</h1>
      <p>${user.unit ? html`Jednostka: <strong>${user.unit.name}</strong>.` : 'Konto administratora.'}</p>
      ${
        areas.size === 0
          ? user.role === 'user'
            ? html`<p class="notice">Nie masz jeszcze uprawnień do żadnego obszaru. Złóż wniosek w „Parametry użytkownika”.</p>`
            : ''
          : html`<h2>Twoje obszary</h2>
              <ul class="tiles">
                ${[...areas].map(
                  ([code, grants]) =>
                    html`<li>
                      <a href="/obszary/${code}"
                        ><strong>${code} — ${catalogue.area(code)?.name ?? code}</strong
                        ><span>${grants.map((g) => catalogue.subAreaName(g.area, g.subArea) ?? g.subArea).join(', ')}</span></a
                      >
                    </li>`,
                )}
              </ul>`
      }
      <p>
        <a href="/parametry-uzytkownika">Parametry użytkownika</a
        >${user.role !== 'user' ? html` · <a href="/admin">Panel administratora</a>` : ''}
      </p>
      ${logoutForm(csrf)}`,
  );
}

export function areaPage(code: string, name: string, csrf: string): string {
  return layout(
    { title: `Obszar ${code}` },
    html`<h1>Obszar ${code} — ${name}</h1>
      <p>Sprawozdawczość w tym obszarze prowadzi Centralna Aplikacja Statystyczna; ta wersja systemu obejmuje rejestrację i konta.</p>
      <p><a href="/konto">Wróć do listy obszarów</a></p>
      ${logoutForm(csrf)}`,
  );
}

export interface ParametersModel {
  user: User;
  csrf: string;
  requests: PermissionRequest[];
  profileErrors?: Record<string, string>;
  passwordErrors?: Record<string, string>;
  emailErrors?: Record<string, string>;
  notice?: string;
}

/** "Parametry użytkownika": profile, password, grants, permission requests and the button to ask for more. */
export function parametersPage(m: ParametersModel, catalogue: Catalogue): string {
  const u = m.user;
  const pe = m.profileErrors ?? {};
  return layout(
    { title: 'Parametry użytkownika' },
    html`<h1>Parametry użytkownika</h1>
      ${m.notice ? html`<p class="notice" role="status">${m.notice}</p>` : ''}
      <section aria-labelledby="dane">
        <h2 id="dane">Dane</h2>
        <p>Login: <strong>${u.login}</strong> · e-mail: <strong>${u.email}</strong></p>
        ${errorSummary(pe, { firstName: 'Imię', lastName: 'Nazwisko', phone: 'Telefon', position: 'Stanowisko' })}
        <form method="post" action="/parametry-uzytkownika/dane" novalidate>
          ${csrfField(m.csrf)}
          ${field({ name: 'firstName', label: 'Imię', value: u.firstName, autocomplete: 'given-name', required: true, ...(pe.firstName ? { error: pe.firstName } : {}) })}
          ${field({ name: 'lastName', label: 'Nazwisko', value: u.lastName, autocomplete: 'family-name', required: true, ...(pe.lastName ? { error: pe.lastName } : {}) })}
          ${field({ name: 'phone', label: 'Telefon', value: u.phone, type: 'tel', autocomplete: 'tel', required: true, ...(pe.phone ? { error: pe.phone } : {}) })}
          ${field({ name: 'position', label: 'Stanowisko', value: u.position, required: true, ...(pe.position ? { error: pe.position } : {}) })}
          <button type="submit" class="button-primary">Zapisz dane</button>
        </form>
      </section>
      <section aria-labelledby="email">
        <h2 id="email">Zmiana adresu e-mail</h2>
        ${u.pendingEmail ? html`<p class="notice">Czeka na potwierdzenie: ${u.pendingEmail.email} (link wysłany na ten adres).</p>` : ''}
        ${errorSummary(m.emailErrors ?? {}, { newEmail: 'Nowy adres e-mail', emailPassword: 'Obecne hasło' })}
        <form method="post" action="/parametry-uzytkownika/email" novalidate>
          ${csrfField(m.csrf)}
          ${field({ name: 'newEmail', label: 'Nowy adres e-mail', type: 'email', autocomplete: 'email', required: true, maxlength: 254, hint: 'Wyślemy na niego link potwierdzający; obecny adres działa do czasu potwierdzenia.', ...(m.emailErrors?.newEmail ? { error: m.emailErrors.newEmail } : {}) })}
          ${field({ name: 'emailPassword', label: 'Obecne hasło', type: 'password', autocomplete: 'current-password', required: true, ...(m.emailErrors?.emailPassword ? { error: m.emailErrors.emailPassword } : {}) })}
          <button type="submit" class="button-primary">Wyślij link potwierdzający</button>
        </form>
      </section>
      <section aria-labelledby="haslo">
        <h2 id="haslo">Zmiana hasła</h2>
        ${passwordChangeForm({ csrf: m.csrf, action: '/parametry-uzytkownika/haslo', errors: m.passwordErrors ?? {}, forced: false })}
      </section>
      <section aria-labelledby="uprawnienia">
        <h2 id="uprawnienia">Uprawnienia</h2>
        ${
          u.grants.length === 0
            ? html`<p>Brak uprawnień.</p>`
            : html`<table>
                <caption class="visually-hidden">
                  Przyznane uprawnienia
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Jednostka</th>
                    <th scope="col">Obszar</th>
                    <th scope="col">Podobszar</th>
                  </tr>
                </thead>
                <tbody>
                  ${u.grants.map(
                    (g) =>
                      html`<tr>
                        <td>${g.unitName}</td>
                        <td>${g.area}</td>
                        <td>${catalogue.subAreaName(g.area, g.subArea) ?? g.subArea}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
        }
        <p><a class="button-primary" href="/parametry-uzytkownika/rozszerzenie">Wnioskuj o rozszerzenie uprawnień</a></p>
      </section>
      <section aria-labelledby="wnioski">
        <h2 id="wnioski">Moje wnioski o uprawnienia</h2>
        ${
          m.requests.length === 0
            ? html`<p>Nie składano wniosków.</p>`
            : html`<ul>
                ${m.requests.map(
                  (r) =>
                    html`<li>
                      ${formatDateTime(r.submittedAt)}: ${r.targetUnit.name} — ${r.subAreas.map((g) => `${g.area}/${g.subArea}`).join(', ')}
                      —
                      <strong>${REQUEST_LABELS[r.status] ?? r.status}</strong>${r.decisionReason ? html` (${r.decisionReason})` : ''}
                    </li>`,
                )}
              </ul>`
        }
      </section>
      <p><a href="/konto">Wróć do obszarów</a></p>`,
  );
}

export interface ExtensionModel {
  csrf: string;
  user: User;
  query: string;
  results: PublicUnit[];
  chosenUnit: string;
  chosen: Set<string>;
  justification: string;
  errors: Record<string, string>;
}

/** "Wnioskuj o rozszerzenie uprawnień": own unit or a searched one, sub-areas and a justification. */
export function extensionPage(m: ExtensionModel, catalogue: Catalogue): string {
  const own = m.user.unit;
  return layout(
    { title: 'Wniosek o rozszerzenie uprawnień' },
    html`<h1>Wniosek o rozszerzenie uprawnień</h1>
      ${errorSummary(m.errors, { unitId: 'Jednostka', subAreas: 'Podobszary', justification: 'Uzasadnienie' })}
      <form method="get" action="/parametry-uzytkownika/rozszerzenie" class="inline-form">
        ${field({ name: 'jednostka', label: 'Szukaj innej jednostki (REGON, TERYT lub nazwa)', value: m.query, maxlength: 100 })}
        <button type="submit" class="button-secondary">Szukaj</button>
      </form>
      <form method="post" action="/parametry-uzytkownika/rozszerzenie" novalidate>
        ${csrfField(m.csrf)}
        <fieldset id="f-unitId" ${m.errors.unitId ? html` aria-describedby="unit-error"` : ''}>
          <legend>Jednostka</legend>
          ${m.errors.unitId ? html`<p class="error-message" id="unit-error">${m.errors.unitId}</p>` : ''}
          ${
            own
              ? html`<div class="choice">
                  <input
                    type="radio"
                    id="u-own"
                    name="unitId"
                    value="${own.id}"
                    ${m.chosenUnit === own.id || !m.chosenUnit ? 'checked' : ''}
                  /><label for="u-own">Moja jednostka: ${own.name}</label>
                </div>`
              : ''
          }
          ${m.results
            .filter((u) => u.id !== own?.id)
            .map(
              (u, i) =>
                html`<div class="choice">
                  <input type="radio" id="u-${i}" name="unitId" value="${u.id}" ${m.chosenUnit === u.id ? 'checked' : ''} /><label
                    for="u-${i}"
                    >${u.name} (REGON ${u.regon}, ${u.city ?? ''})</label
                  >
                </div>`,
            )}
        </fieldset>
        <fieldset id="f-subAreas" ${m.errors.subAreas ? html` aria-describedby="sub-error"` : ''}>
          <legend>Podobszary</legend>
          ${m.errors.subAreas ? html`<p class="error-message" id="sub-error">${m.errors.subAreas}</p>` : ''}
          ${catalogue.data.areas.map(
            (a) =>
              html`<fieldset class="area">
                <legend>${a.code} — ${a.name}</legend>
                ${a.subAreas.map((s) => {
                  const v = `${a.code}/${s.code}`;
                  const id = `g-${a.code}-${s.code}`.replace(/[^A-Za-z0-9-]/g, '-');
                  return html`<div class="choice">
                    <input type="checkbox" id="${id}" name="grants" value="${v}" ${m.chosen.has(v) ? 'checked' : ''} /><label for="${id}"
                      >${s.name}</label
                    >
                  </div>`;
                })}
              </fieldset>`,
          )}
        </fieldset>
        <div class="field${m.errors.justification ? ' field--error' : ''}">
          <label for="f-justification">Uzasadnienie <span class="required" aria-hidden="true">*</span></label>
          ${
            m.errors.justification
              ? html`<p class="error-message" id="f-justification-error">
                  <span class="visually-hidden">Błąd: </span>${m.errors.justification}
                </p>`
              : ''
          }
          <textarea
            id="f-justification"
            name="justification"
            rows="4"
            maxlength="2000"
            required
            aria-required="true"
            ${m.errors.justification ? html` aria-invalid="true" aria-describedby="f-justification-error"` : ''}
          >
${m.justification}</textarea>
        </div>
        <button type="submit" class="button-primary">Złóż wniosek</button>
      </form>
      <p><a href="/parametry-uzytkownika">Wróć do parametrów użytkownika</a></p>`,
  );
}

/** The confirmation link's landing page: one button (a POST), then the result. */
export function emailConfirmPage(m: { csrf: string; userId: string; token: string; confirmed?: string; error?: string }): string {
  return layout(
    { title: 'Potwierdzenie adresu e-mail' },
    html`<h1>Potwierdzenie adresu e-mail</h1>
      ${
        m.confirmed
          ? html`<p class="notice" role="status">Adres e-mail konta zmieniono na ${m.confirmed}.</p>
              <p><a href="/logowanie">Przejdź do logowania</a></p>`
          : m.error
            ? html`<p class="error-message" role="alert">${m.error}</p>
                <p><a href="/parametry-uzytkownika">Parametry użytkownika</a></p>`
            : html`<p>Potwierdź, że ten adres e-mail ma zastąpić dotychczasowy adres konta.</p>
                <form method="post" action="/parametry-uzytkownika/email/potwierdz">
                  ${csrfField(m.csrf)}
                  <input type="hidden" name="u" value="${m.userId}" />
                  <input type="hidden" name="t" value="${m.token}" />
                  <button type="submit" class="button-primary">Potwierdź</button>
                </form>`
      }`,
  );
}
