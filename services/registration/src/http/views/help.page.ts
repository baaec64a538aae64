import { html } from '@cas/http';
import type { Catalogue } from '../../domain/catalogue.js';
import { layout } from './layout.js';

const duration = (s: number) => `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;

export function helpPage(catalogue: Catalogue): string {
  return layout(
    { title: 'Pomoc' },
    html`<h1>Pomoc dla użytkowników</h1>
      <nav aria-label="Spis treści" class="toc">
        <ul>
          <li><a href="#rejestracja">Składanie wniosku o nowego użytkownika</a></li>
          <li><a href="#haslo">Przypomnienie hasła w przypadku zablokowanego konta</a></li>
          <li><a href="#uprawnienia">Wniosek o rozszerzenie uprawnień</a></li>
          <li><a href="#filmy">Filmy instruktażowe</a></li>
        </ul>
      </nav>

      <section id="rejestracja" aria-labelledby="h-rejestracja">
        <h2 id="h-rejestracja">Składanie wniosku o nowego użytkownika</h2>
        <p>
          Nową jednostkę i jej użytkowników rejestruje się formularzem <a href="/rejestracja">Rejestracja jednostki i użytkownika</a>. Każdy
          nowy użytkownik (osoba lub instytucja) musi:
        </p>
        <ol>
          <li>wydrukować formularz rejestracyjny wygenerowany po wysłaniu wniosku,</li>
          <li>przekazać go do podpisu osobie zarządzającej jednostką,</li>
          <li>
            przesłać podpisany dokument przez ePUAP/e-Doręczenia na adres skrytki urzędu wojewódzkiego albo e-mailem na adres wskazany na
            formularzu (np. dla województwa świętokrzyskiego: skrytka <span class="nowrap">/SUWKielce/SkrytkaESP</span>, e-mail
            <span class="nowrap">wps00@kielce.uw.gov.pl</span>).
          </li>
        </ol>
        <p>
          Bez podpisanego formularza wniosek nie zostanie przyjęty. Po otrzymaniu skanu administrator wojewódzki zatwierdzi wniosek, a my
          poinformujemy Cię o tym e-mailem. Stan wniosku sprawdzisz na stronie <a href="/status">Status wniosku</a>.
        </p>
        <h3>Podpowiedzi do pól formularza</h3>
        <dl>
          <dt>REGON</dt>
          <dd>9 lub 14 cyfr z rejestru REGON jednostki.</dd>
          <dt>Kod TERYT gminy</dt>
          <dd>7 cyfr (np. 2661011 — Kielce). Pierwsze dwie cyfry to województwo: to ono decyduje, który urząd rozpatrzy wniosek.</dd>
          <dt>Login</dt>
          <dd>Wybierasz go sam; musi być unikalny w całym CAS (wielkość liter nie ma znaczenia).</dd>
          <dt>Hasło</dt>
          <dd>Co najmniej 12 znaków; najlepiej kilka słów. Popularne hasła są odrzucane.</dd>
        </dl>
      </section>

      <section id="haslo" aria-labelledby="h-haslo">
        <h2 id="h-haslo">Przypomnienie hasła w przypadku zablokowanego konta</h2>
        <p>
          Jeśli nie pamiętasz hasła albo konto zostało zablokowane po kilku błędnych logowaniach, wybierz przycisk
          <strong>Przypomnij hasło</strong> w oknie logowania lub w komunikacie o błędnym logowaniu. System wygeneruje nowe, jednorazowe
          hasło i wyśle je na adres e-mail podany przy rejestracji. Po zalogowaniu się nim ustawisz własne hasło.
        </p>
      </section>

      <section id="uprawnienia" aria-labelledby="h-uprawnienia">
        <h2 id="h-uprawnienia">Wniosek o rozszerzenie uprawnień</h2>
        <p>
          Aby uzyskać dostęp do innego podobszaru, w którym działa Twoja jednostka, albo do innej jednostki, zaloguj się, otwórz okno
          <strong>Parametry użytkownika</strong> i wybierz przycisk <strong>Wnioskuj o rozszerzenie uprawnień</strong>.
        </p>
      </section>

      <section id="filmy" aria-labelledby="h-filmy">
        <h2 id="h-filmy">Filmy instruktażowe</h2>
        <p>Producent aplikacji CAS udostępnia filmy pokazujące, jak wykonać wybrane czynności.</p>
        ${catalogue.videosByArea().map(
          (g) =>
            html`<h3>${g.area ? `${g.area.code} — ${g.area.name}` : 'Informacje ogólne'}</h3>
              <ul class="videos">
                ${g.videos.map((vid) => html`<li><a href="${vid.url}">${vid.title}</a> <span class="meta">(${duration(vid.durationSeconds)})</span><br />${vid.description}</li>`)}
              </ul>`,
        )}
      </section>`,
  );
}
