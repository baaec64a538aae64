export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** Anything that goes into a header: strip what could break out of it (CR/LF injection). */
export const headerSafe = (s: string) =>
  s
    .replace(/[\r\n\t\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .trim()
    .slice(0, 200);

const TIME_ZONE = 'Europe/Warsaw';

/** Calendar date as a Polish reader expects it, in the office's time zone: `15.01.2027`. */
export const formatDate = (iso: string) => new Date(iso).toLocaleDateString('pl-PL', { timeZone: TIME_ZONE });

/** Date and time in Polish, Warsaw time (CET/CEST): `15 stycznia 2027 r., godz. 14:30`. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  const date = d.toLocaleDateString('pl-PL', { timeZone: TIME_ZONE, dateStyle: 'long' });
  const time = d.toLocaleTimeString('pl-PL', { timeZone: TIME_ZONE, timeStyle: 'short' });
  return `${date} r., godz. ${time}`;
}

/**
 * Area codes are stable identifiers (DESIGN §2); their names come from the portal's catalogue. Sub-area
 * names are editable in that catalogue, so e-mails show sub-area codes rather than a copy that could drift.
 */
const AREA_NAMES: Record<string, string> = {
  PS: 'Pomoc Społeczna',
  WRiSPZ: 'Wspieranie Rodziny i System Pieczy Zastępczej',
  SR: 'Świadczenia Rodzinne',
  FA: 'Fundusz Alimentacyjny',
  KDR: 'Karta Dużej Rodziny',
  'OP-3': 'Opieka nad dziećmi do lat 3',
};

/** One line per grant: `Pomoc Społeczna (PS): sprawozdania-resortowe`. Plain text; escape for HTML. */
export const grantLabels = (grants: readonly { area: string; subArea: string }[]) =>
  grants.map((g) => `${Object.hasOwn(AREA_NAMES, g.area) ? AREA_NAMES[g.area] : g.area} (${g.area}): ${g.subArea}`);

export const fullName = (n: { firstName: string; lastName: string }) => `${n.firstName} ${n.lastName}`;

export const AUTO_FOOTER = 'Wiadomość wysłana automatycznie — prosimy na nią nie odpowiadać.';

/** The HTML frame every e-mail shares; `title` is escaped here, `body` must already be safe HTML. */
export const htmlDocument = (title: string, body: string) =>
  `<!doctype html><html lang="pl"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>
${body}
<p>${AUTO_FOOTER}</p>
</body></html>`;

/** `<ul>` of escaped items (empty string for none). */
export const htmlList = (items: readonly string[]) =>
  items.length === 0 ? '' : `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;

export const htmlLink = (url: string, label: string) => `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>`;

/** Escaped text whose line breaks stay visible in HTML (`<br>`), e.g. a reason typed by an administrator. */
export const htmlMultiline = (s: string) => escapeHtml(s).replace(/\r\n|\r|\n/g, '<br>\n');

/** Public status page of one application (no login needed: the number alone shows only the status). */
export const statusUrl = (portalBaseUrl: string, number: string) => `${portalBaseUrl}/status?number=${encodeURIComponent(number)}`;

/**
 * Polish plural form for a count: `plural(1, 'wniosek', 'wnioski', 'wniosków')` → `wniosek`; 2–4 (but not
 * 12–14) take the second form, everything else the third. Returns the word only.
 */
export function plural(n: number, one: string, few: string, many: string): string {
  if (n === 1) return one;
  const tens = n % 100;
  const units = n % 10;
  return units >= 2 && units <= 4 && (tens < 12 || tens > 14) ? few : many;
}

/** `1 dzień`, `14 dni`. */
export const daysPhrase = (n: number) => `${n} ${n === 1 ? 'dzień' : 'dni'}`;
