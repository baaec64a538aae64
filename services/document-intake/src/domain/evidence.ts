/**
 * Evidence that ties a scan to an application (DESIGN §4): the form's QR code `CAS1|<number>|<code>`, or
 * an application number written somewhere (e-mail subject or body, file name, the PDF's text layer).
 */
export interface QrEvidence {
  number: string;
  code: string;
}

const QR_PATTERN = /^CAS1\|(\d{2}\/\d{4}\/\d{6})\|([A-Z2-7]{8})$/;

/** The QR payload printed by registration; anything else (another QR on the page) is not evidence. */
export function parseQrPayload(text: string): QrEvidence | null {
  const m = QR_PATTERN.exec(text.trim());
  return m ? { number: m[1]!, code: m[2]! } : null;
}

/**
 * Application numbers (`26/2026/000123`) in free text, in order of appearance, each once. File names cannot
 * hold `/`, so `26-2026-000123` and `26_2026_000123` count too; the digits must stand alone (not part of a
 * longer number, such as a phone or an account number).
 */
export function findApplicationNumbers(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?<![\d/_-])(\d{2})[/_-](20\d{2})[/_-](\d{6})(?![\d/_-])/g)) {
    const n = `${m[1]}/${m[2]}/${m[3]}`;
    if (!found.includes(n)) found.push(n);
  }
  return found;
}
