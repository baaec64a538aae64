import { html, type SafeHtml } from '@cas/http';
import type { Voivodeship } from '../../domain/catalogue.js';
import { formatDate } from './layout.js';

/** Where to send the signed form: the voivodeship's ePUAP box and e-mail, or its official channels when unknown. */
export function sendingInstructions(v: Voivodeship | undefined, deadline: Date | string, number: string): SafeHtml {
  const office = v?.office;
  const channels =
    office?.epuapBox || office?.email
      ? html`<ul>
          ${office.epuapBox ? html`<li>przez <strong>ePUAP / e-Doręczenia</strong> na adres skrytki: <strong class="nowrap">${office.epuapBox}</strong></li>` : ''}
          ${office.email ? html`<li>albo <strong>e-mailem</strong> na adres${office.department ? html` ${office.department}` : ''}: <strong class="nowrap">${office.email}</strong></li>` : ''}
        </ul>`
      : html`<p>
          przez ePUAP / e-Doręczenia albo e-mailem, korzystając z oficjalnych kanałów kontaktu urzędu (adres skrytki i adres e-mail
          znajdziesz na stronie internetowej urzędu).
        </p>`;
  return html`<ol class="steps">
    <li><strong>Wydrukuj</strong> formularz rejestracyjny.</li>
    <li>Przekaż go do <strong>podpisu kierownikowi jednostki</strong> (data, pieczęć, podpis).</li>
    <li>
      Wyślij <strong>skan podpisanego formularza</strong> do: ${office?.name ?? 'urzędu wojewódzkiego właściwego dla jednostki'} ${channels}
      W tytule wiadomości wpisz numer wniosku <strong class="nowrap">${number}</strong>.
    </li>
    <li>Zrób to do <strong>${formatDate(deadline)}</strong>. Bez podpisanego formularza wniosek nie zostanie przyjęty.</li>
  </ol>`;
}
