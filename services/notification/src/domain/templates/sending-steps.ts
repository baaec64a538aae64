import type { Office } from './contact.js';
import { escapeHtml, htmlLink } from './common.js';

/** Said when the office's ePUAP box and e-mail are not known: never invent an address. */
export const OFFICE_FALLBACK =
  'przez ePUAP / e-Doręczenia albo e-mailem, korzystając z oficjalnych kanałów kontaktu urzędu wojewódzkiego (adres skrytki i adres e-mail znajdziesz na stronie internetowej urzędu)';

/** The same part of an e-mail as plain-text lines and as safe HTML. */
export interface EmailPart {
  text: string[];
  html: string;
}

/** The ways to send the signed form to this office: its ePUAP / e-Doręczenia box, its e-mail (plain text). */
function channels(office: Office | null): string[] {
  if (!office) return [];
  const out: string[] = [];
  if (office.epuapBox) out.push(`przez ePUAP / e-Doręczenia na adres skrytki: ${office.epuapBox}`);
  if (office.email) {
    const dept = office.department ? ` (${office.department})` : '';
    out.push(`${out.length > 0 ? 'albo ' : ''}e-mailem${dept} na adres: ${office.email}`);
  }
  return out;
}

/**
 * Print, have the head of the unit sign, send: the three steps of every application, with the link to the
 * printable form when known and the office's box and e-mail (or the official-channels fallback).
 */
export function sendingSteps(v: {
  portalBaseUrl: string;
  formPath: string | null | undefined;
  office: Office | null;
  number: string;
}): EmailPart {
  const formUrl = v.formPath ? `${v.portalBaseUrl}${v.formPath}` : null;
  const to = v.office ? `do: ${v.office.name}` : 'do urzędu wojewódzkiego właściwego dla jednostki';
  const ways = channels(v.office);
  const title = `W tytule wiadomości wpisz numer wniosku ${v.number}.`;

  const text = [
    formUrl
      ? `1. Wydrukuj formularz rejestracyjny: ${formUrl}`
      : '1. Wydrukuj formularz rejestracyjny (link znajdziesz na stronie potwierdzenia wniosku).',
    '2. Przekaż go do podpisu kierownikowi jednostki (data, pieczęć, podpis).',
    ...(ways.length > 0
      ? [`3. Wyślij skan podpisanego formularza ${to}`, ...ways.map((w) => `   - ${w}`)]
      : [`3. Wyślij skan podpisanego formularza ${to}, ${OFFICE_FALLBACK}.`]),
    `   ${title}`,
  ];

  const step1 = formUrl
    ? `<li>${htmlLink(formUrl, 'Wydrukuj formularz rejestracyjny')}.</li>`
    : '<li>Wydrukuj formularz rejestracyjny (link znajdziesz na stronie potwierdzenia wniosku).</li>';
  const step3 =
    ways.length > 0
      ? `Wyślij <strong>skan podpisanego formularza</strong> ${escapeHtml(to)}
<ul>${ways.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`
      : `Wyślij <strong>skan podpisanego formularza</strong> ${escapeHtml(to)}, ${escapeHtml(OFFICE_FALLBACK)}.<br>`;
  const html = `<ol>${step1}
<li>Przekaż go do podpisu <strong>kierownikowi jednostki</strong> (data, pieczęć, podpis).</li>
<li>${step3}
${escapeHtml(title)}</li></ol>`;
  return { text, html };
}
