import { html } from '@cas/http';
import { layout } from './layout.js';

export function startPage(): string {
  return layout(
    { title: 'Start' },
    html`<h1>Rejestracja w Centralnej Aplikacji Statystycznej</h1>
      <p>
        Tu zarejestrujesz jednostkę (OPS, MOPS, PCPR, urząd gminy, żłobek…) i siebie jako jej użytkownika albo dołączysz do jednostki, która
        już jest w CAS. Konto zacznie działać po zatwierdzeniu wniosku przez administratora wojewódzkiego, gdy urząd otrzyma formularz
        podpisany przez kierownika jednostki.
      </p>
      <ul class="tiles">
        <li>
          <a href="/rejestracja"
            ><strong>Rejestracja jednostki i użytkownika</strong><span>Złóż wniosek i wydrukuj formularz do podpisu.</span></a
          >
        </li>
        <li>
          <a href="/status"><strong>Status wniosku</strong><span>Sprawdź, na jakim etapie jest Twój wniosek.</span></a>
        </li>
        <li>
          <a href="/logowanie"><strong>Logowanie</strong><span>Obszary PS, WRiSPZ, SR, FA, KDR i OP-3.</span></a>
        </li>
        <li>
          <a href="/pomoc"><strong>Pomoc</strong><span>Instrukcje krok po kroku i filmy instruktażowe.</span></a>
        </li>
      </ul>`,
  );
}

export function errorPage(p: { status: number; title: string; detail: string }): string {
  return layout(
    { title: p.title },
    html`<h1>${p.title}</h1>
      <p>${p.detail}</p>
      <p><a href="/">Wróć na stronę główną</a></p>`,
  );
}
