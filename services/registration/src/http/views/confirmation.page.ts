import { html } from '@cas/http';
import type { Voivodeship } from '../../domain/catalogue.js';
import { layout } from './layout.js';
import { sendingInstructions } from './instructions.js';

export function confirmationPage(
  a: { number: string; verificationCode: string; expiresAt: Date; formHref: string; statusHref: string; email: string },
  v: Voivodeship | undefined,
): string {
  return layout(
    { title: `Wniosek ${a.number} zapisany` },
    html`<div class="success-panel" role="status">
        <h1>Wniosek zapisany</h1>
        <p>Numer wniosku: <strong class="big nowrap">${a.number}</strong></p>
        <p>Kod weryfikacyjny: <strong class="code">${a.verificationCode}</strong></p>
      </div>
      <p>
        Potwierdzenie wysłaliśmy na adres <strong>${a.email}</strong>. Konto będzie aktywne dopiero po zatwierdzeniu wniosku przez
        administratora wojewódzkiego.
      </p>
      <h2>Co teraz?</h2>
      ${sendingInstructions(v, a.expiresAt, a.number)}
      <p><a class="button-primary" href="${a.formHref}">Drukuj formularz</a></p>
      <p><a href="${a.statusHref}">Sprawdź status wniosku</a> (zapisz ten adres albo numer wniosku).</p>`,
  );
}
