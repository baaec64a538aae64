import { html, CSRF_FIELD } from '@cas/http';
import type { Catalogue } from '../../domain/catalogue.js';
import type { PublicUnit } from '../../store/unit.repository.js';
import { errorSummary, field, layout } from './layout.js';

export interface RegistrationFormModel {
  values: Record<string, string>;
  grants: Set<string>;
  errors: Record<string, string>;
  csrf: string;
  idempotencyKey: string;
  unitMode: 'new' | 'existing';
  unitSearch?: { query: string; results: PublicUnit[]; error?: string };
}

/** Labels of every form field, also used by the error summary. */
export const FIELD_LABELS: Record<string, string> = {
  'unit.name': 'Nazwa jednostki',
  'unit.type': 'Typ jednostki',
  'unit.regon': 'REGON',
  'unit.nip': 'NIP',
  'unit.teryt': 'Kod TERYT gminy',
  'unit.address.street': 'Ulica i numer',
  'unit.address.postalCode': 'Kod pocztowy',
  'unit.address.city': 'Miejscowość',
  'unit.managerName': 'Kierownik jednostki',
  'unit.email': 'E-mail jednostki',
  'unit.phone': 'Telefon jednostki',
  'unit.existingUnitId': 'Istniejąca jednostka',
  'user.firstName': 'Imię',
  'user.lastName': 'Nazwisko',
  'user.email': 'Twój e-mail',
  'user.phone': 'Twój telefon',
  'user.position': 'Stanowisko',
  'user.login': 'Login',
  'user.password': 'Hasło',
  'user.passwordRepeat': 'Powtórz hasło',
  grants: 'Obszary i podobszary',
  consent: 'Zgoda',
};

export function registrationFormPage(catalogue: Catalogue, m: RegistrationFormModel): string {
  const v = (k: string) => m.values[k] ?? '';
  const e = (k: string) => m.errors[k];
  const f = (name: string, extra: Partial<Parameters<typeof field>[0]> = {}) =>
    field({ name, label: FIELD_LABELS[name] ?? name, value: v(name), ...(e(name) ? { error: e(name) } : {}), ...extra });
  const typeId = 'f-unit-type';
  return layout(
    { title: Object.keys(m.errors).length ? 'Błędy w formularzu — Rejestracja' : 'Rejestracja jednostki i użytkownika' },
    html`<h1>Rejestracja jednostki i użytkownika</h1>
      <p>
        Wypełnij formularz. Po wysłaniu otrzymasz numer wniosku i formularz do wydrukowania. Podpisany przez kierownika jednostki formularz
        wyślij przez ePUAP/e-Doręczenia lub e-mailem do urzędu wojewódzkiego — bez tego wniosek nie zostanie przyjęty. Pola oznaczone
        <span class="required">*</span> są wymagane.
      </p>
      ${errorSummary(m.errors, FIELD_LABELS)}

      <section aria-labelledby="szukaj-title" class="panel">
        <h2 id="szukaj-title">Twoja jednostka jest już w CAS?</h2>
        <p>Wyszukaj ją po numerze REGON, kodzie TERYT albo nazwie i dołącz do niej jako nowy użytkownik.</p>
        <form method="get" action="/rejestracja#szukaj-title" class="inline-form">
          <label for="f-jednostka">REGON, TERYT lub nazwa</label>
          <input
            id="f-jednostka"
            name="jednostka"
            type="search"
            value="${m.unitSearch?.query ?? ''}"
            minlength="3"
            maxlength="100"
            ${m.unitSearch?.error ? html` aria-invalid="true" aria-describedby="f-jednostka-error"` : ''}
          />
          <button type="submit" class="button-secondary">Szukaj jednostki</button>
          ${m.unitSearch?.error ? html`<p class="error-message" id="f-jednostka-error">${m.unitSearch.error}</p>` : ''}
        </form>
      </section>

      <form method="post" action="/rejestracja" novalidate>
        <input type="hidden" name="${CSRF_FIELD}" value="${m.csrf}" />
        <input type="hidden" name="idempotencyKey" value="${m.idempotencyKey}" />

        <fieldset>
          <legend><h2>1. Jednostka</h2></legend>
          ${
            m.unitSearch && m.unitSearch.results.length > 0
              ? html`<div class="field${e('unit.existingUnitId') ? ' field--error' : ''}">
                  <fieldset class="choices">
                    <legend>Wyniki wyszukiwania — wybierz jednostkę, do której dołączasz, albo „nowa jednostka”</legend>
                    ${m.unitSearch.results.map(
                      (u) =>
                        html`<div class="choice">
                          <input
                            type="radio"
                            id="u-${u.id}"
                            name="unitChoice"
                            value="${u.id}"
                            ${v('unitChoice') === u.id ? ' checked' : ''}
                          />
                          <label for="u-${u.id}">${u.name} — REGON ${u.regon}, TERYT ${u.teryt}${u.city ? `, ${u.city}` : ''}</label>
                        </div>`,
                    )}
                    <div class="choice">
                      <input
                        type="radio"
                        id="u-new"
                        name="unitChoice"
                        value="new"
                        ${v('unitChoice') === 'new' || !v('unitChoice') ? ' checked' : ''}
                      />
                      <label for="u-new">Żadna z powyższych — rejestruję nową jednostkę (wypełnij dane poniżej)</label>
                    </div>
                  </fieldset>
                </div>`
              : m.unitSearch
                ? html`<p class="notice">
                    Nie znaleziono aktywnej jednostki dla „${m.unitSearch.query}”. Zarejestruj nową jednostkę poniżej.
                  </p>`
                : html`<input type="hidden" name="unitChoice" value="${v('unitChoice') || 'new'}" />`
          }
          ${e('unit.existingUnitId') ? html`<p class="error-message" id="f-unit-existingUnitId">${e('unit.existingUnitId')}</p>` : ''}
          <p class="hint">Dane nowej jednostki (pomiń, jeśli dołączasz do istniejącej):</p>
          ${f('unit.name', { autocomplete: 'organization', maxlength: 300 })}
          <div class="field${e('unit.type') ? ' field--error' : ''}">
            <label for="${typeId}">Typ jednostki</label>
            ${e('unit.type') ? html`<p class="error-message" id="${typeId}-error">${e('unit.type')}</p>` : ''}
            <select id="${typeId}" name="unit.type" ${e('unit.type') ? html` aria-invalid="true" aria-describedby="${typeId}-error"` : ''}>
              <option value="">— wybierz —</option>
              ${catalogue.data.unitTypes.map((t) => html`<option value="${t.code}" ${v('unit.type') === t.code ? ' selected' : ''}>${t.name}</option>`)}
            </select>
          </div>
          ${f('unit.regon', { inputmode: 'numeric', hint: '9 lub 14 cyfr.', maxlength: 20 })}
          ${f('unit.nip', { inputmode: 'numeric', hint: 'Nieobowiązkowy. 10 cyfr, np. 856-734-62-15.', maxlength: 20 })}
          ${f('unit.teryt', { inputmode: 'numeric', hint: '7-cyfrowy kod gminy z rejestru TERYT, np. 2661011 dla Kielc. Określa urząd wojewódzki, który rozpatrzy wniosek.', maxlength: 10 })}
          ${f('unit.address.street', { autocomplete: 'address-line1', maxlength: 200 })}
          ${f('unit.address.postalCode', { autocomplete: 'postal-code', hint: 'NN-NNN', maxlength: 6 })}
          ${f('unit.address.city', { autocomplete: 'address-level2', maxlength: 100 })}
          ${f('unit.managerName', { hint: 'Osoba, która podpisze formularz.', maxlength: 200 })}
          ${f('unit.email', { type: 'email', autocomplete: 'email', maxlength: 254 })}
          ${f('unit.phone', { type: 'tel', autocomplete: 'tel', maxlength: 20 })}
        </fieldset>

        <fieldset>
          <legend><h2>2. Użytkownik (Ty)</h2></legend>
          ${f('user.firstName', { required: true, autocomplete: 'given-name', maxlength: 100 })}
          ${f('user.lastName', { required: true, autocomplete: 'family-name', maxlength: 100 })}
          ${f('user.email', { required: true, type: 'email', autocomplete: 'email', hint: 'Na ten adres wyślemy potwierdzenie i, w razie potrzeby, nowe hasło.', maxlength: 254 })}
          ${f('user.phone', { required: true, type: 'tel', autocomplete: 'tel', maxlength: 20 })}
          ${f('user.position', { required: true, autocomplete: 'organization-title', maxlength: 200 })}
          ${f('user.login', { required: true, autocomplete: 'username', hint: '3–64 znaki: litery bez polskich znaków, cyfry, kropka, podkreślenie, myślnik. Login musi być unikalny w CAS.', maxlength: 64 })}
          ${field({ name: 'user.password', label: FIELD_LABELS['user.password'] ?? '', type: 'password', required: true, autocomplete: 'new-password', hint: 'Co najmniej 12 znaków. Najlepiej kilka słów, np. „zielona łąka nad Nidą”. Polskie litery są dozwolone.', ...(e('user.password') ? { error: e('user.password') } : {}) })}
          ${field({ name: 'user.passwordRepeat', label: FIELD_LABELS['user.passwordRepeat'] ?? '', type: 'password', required: true, autocomplete: 'new-password', ...(e('user.passwordRepeat') ? { error: e('user.passwordRepeat') } : {}) })}
        </fieldset>

        <fieldset id="f-grants" ${e('grants') ? html`aria-describedby="f-grants-error"` : ''}>
          <legend><h2>3. Obszary i podobszary CAS</h2></legend>
          ${e('grants') ? html`<p class="error-message" id="f-grants-error">${e('grants')}</p>` : ''}
          ${catalogue.data.areas.map(
            (a) =>
              html`<fieldset class="choices">
                <legend>${a.code} — ${a.name}</legend>
                ${a.subAreas.map((s) => {
                  const value = `${a.code}/${s.code}`;
                  const id = `g-${a.code}-${s.code}`;
                  return html`<div class="choice">
                    <input type="checkbox" id="${id}" name="grants" value="${value}" ${m.grants.has(value) ? ' checked' : ''} /><label
                      for="${id}"
                      >${s.name}</label
                    >
                  </div>`;
                })}
              </fieldset>`,
          )}
        </fieldset>

        <fieldset>
          <legend><h2>4. Ochrona danych osobowych</h2></legend>
          <div class="rodo">
            <p>
              <strong>Klauzula informacyjna (art. 13 RODO).</strong> Administratorem danych podanych we wniosku jest minister właściwy do
              spraw zabezpieczenia społecznego, a w zakresie rozpatrzenia wniosku — wojewoda właściwy dla siedziby jednostki. Dane
              przetwarzamy w celu założenia i prowadzenia konta w Centralnej Aplikacji Statystycznej (art. 6 ust. 1 lit. c i e RODO), przez
              czas posiadania konta i okres archiwizacji wymagany przepisami. Masz prawo dostępu do danych, ich sprostowania, ograniczenia
              przetwarzania oraz wniesienia skargi do Prezesa UODO. Nie zbieramy numeru PESEL.
            </p>
          </div>
          <div class="field${e('consent') ? ' field--error' : ''}">
            ${e('consent') ? html`<p class="error-message" id="f-consent-error">${e('consent')}</p>` : ''}
            <div class="choice">
              <input
                type="checkbox"
                id="f-consent"
                name="consent"
                value="tak"
                ${v('consent') === 'tak' ? ' checked' : ''}${e('consent') ? html` aria-invalid="true" aria-describedby="f-consent-error"` : ''}
              />
              <label for="f-consent">Zapoznałem(-am) się z klauzulą informacyjną i potwierdzam, że dane we wniosku są prawdziwe.</label>
            </div>
          </div>
        </fieldset>

        <button type="submit" class="button-primary">Wyślij wniosek</button>
      </form>`,
  );
}
