import { html, raw } from '@cas/http';
import type { Catalogue } from '../../domain/catalogue.js';
import type { StoredApplication } from '../../store/application.repository.js';
import { formatDate, formatDateTime, layout } from './layout.js';
import { sendingInstructions } from './instructions.js';

/**
 * The form the unit manager signs (A4, print CSS in print.css). Every printed page carries the number in a
 * running header; the QR code `CAS1|<number>|<code>` lets intake match the scan without a person.
 */
/** `pageHeaderHref`: the per-application stylesheet whose @page margin box prints the number on every page. */
export function printableFormPage(app: StoredApplication, catalogue: Catalogue, qrSvg: string, pageHeaderHref: string): string {
  const v = catalogue.voivodeship(app.voivodeship);
  const unitType = catalogue.unitType(app.unit.type)?.name ?? app.unit.type;
  const row = (label: string, value: string | undefined) =>
    value
      ? html`<tr>
          <th scope="row">${label}</th>
          <td>${value}</td>
        </tr>`
      : '';
  return layout(
    { title: `Formularz rejestracyjny ${app.number}`, stylesheets: ['/static/print.css', pageHeaderHref], bodyClass: 'printable' },
    html` <div class="no-print panel">
        <p>To jest formularz do wydrukowania. Użyj polecenia drukowania przeglądarki (Ctrl+P), format A4.</p>
      </div>
      <article class="form-sheet">
        <header class="sheet-head">
          <div>
            <p class="office">${v?.office.name ?? 'Urząd wojewódzki'}${v?.office.department ? html`<br />${v.office.department}` : ''}</p>
            <h1>
              Wniosek o rejestrację ${app.kind === 'new-unit' ? 'jednostki i użytkownika' : 'użytkownika jednostki'} w Centralnej Aplikacji
              Statystycznej
            </h1>
            <p>Numer wniosku: <strong class="nowrap">${app.number}</strong> · złożony ${formatDateTime(app.submittedAt)}</p>
            <p>Kod weryfikacyjny: <strong class="code">${app.verificationCode}</strong></p>
          </div>
          <figure class="qr">
            ${raw(qrSvg)}
            <figcaption>${app.number}<br />${app.verificationCode}</figcaption>
          </figure>
        </header>

        <h2>Jednostka${app.kind === 'existing-unit' ? ' (istniejąca w CAS)' : ''}</h2>
        <table class="data">
          ${row('Nazwa', app.unit.name)} ${row('Typ', unitType)} ${row('REGON', app.unit.regon)} ${row('NIP', app.unit.nip)}
          ${row('Kod TERYT gminy', app.unit.teryt)}
          ${row('Adres', app.unit.address ? `${app.unit.address.street}, ${app.unit.address.postalCode} ${app.unit.address.city}` : undefined)}
          ${row('Kierownik jednostki', app.unit.managerName)} ${row('E-mail', app.unit.email)} ${row('Telefon', app.unit.phone)}
        </table>

        <h2>Użytkownik</h2>
        <table class="data">
          ${row('Imię i nazwisko', `${app.user.firstName} ${app.user.lastName}`)} ${row('Stanowisko', app.user.position)}
          ${row('E-mail', app.user.email)} ${row('Telefon', app.user.phone)} ${row('Login', app.user.login)}
        </table>

        <h2>Wnioskowane obszary i podobszary</h2>
        <ul class="grants">
          ${app.grants.map((g) => html`<li>${g.area} — ${catalogue.area(g.area)?.name ?? ''}: ${catalogue.subAreaName(g.area, g.subArea) ?? g.subArea}</li>`)}
        </ul>

        <section class="declaration">
          <h2>Oświadczenie kierownika jednostki</h2>
          <p>
            Potwierdzam, że wyżej wymieniona osoba jest pracownikiem jednostki i wnioskuję o nadanie jej dostępu do wskazanych obszarów
            Centralnej Aplikacji Statystycznej. Dane we wniosku są zgodne z prawdą.
          </p>
          <div class="signatures">
            <div><span class="line"></span>miejscowość i data</div>
            <div><span class="line"></span>pieczęć jednostki</div>
            <div>
              <span class="line"></span>podpis kierownika jednostki${app.unit.managerName ? html`<br />(${app.unit.managerName})` : ''}
            </div>
          </div>
        </section>

        <section class="instructions">
          <h2>Jak wysłać formularz</h2>
          ${sendingInstructions(v, app.expiresAt, app.number)}
          <p class="small">
            Termin: ${formatDate(app.expiresAt)}. Po otrzymaniu skanu administrator wojewódzki rozpatrzy wniosek; o decyzji poinformujemy
            e-mailem.
          </p>
        </section>
      </article>`,
  );
}
