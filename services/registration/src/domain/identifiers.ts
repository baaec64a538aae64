import { domainToASCII } from 'node:url';

/**
 * Identifier checks of DESIGN §2. Each returns the normalised value or null; the input schema turns null into
 * a Polish message naming the field.
 */

const digitsOf = (s: string) => [...s].map(Number);
const weightedSum = (digits: number[], weights: number[]) => weights.reduce((sum, w, i) => sum + w * (digits[i] ?? 0), 0);

/** NIP: 10 digits after stripping `PL`, spaces and hyphens; weights 6,5,7,2,3,4,5,6,7; mod 11 (10 is invalid). */
export function normaliseNip(raw: string): string | null {
  const s = raw.replace(/^PL/i, '').replace(/[\s-]/g, '');
  if (!/^\d{10}$/.test(s)) return null;
  const d = digitsOf(s);
  const check = weightedSum(d, [6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11;
  return check !== 10 && check === d[9] ? s : null;
}

function regonCheck(digits: number[], weights: number[]): number {
  return (weightedSum(digits, weights) % 11) % 10;
}

/** REGON: 9 digits (weights 8,9,2,3,4,5,6,7) or 14 digits (weights 2,4,8,5,0,9,7,3,6,1,2,4,8, first 9 a valid REGON-9). */
export function normaliseRegon(raw: string): string | null {
  const s = raw.replace(/[\s-]/g, '');
  if (/^\d{9}$/.test(s)) {
    const d = digitsOf(s);
    return regonCheck(d, [8, 9, 2, 3, 4, 5, 6, 7]) === d[8] ? s : null;
  }
  if (/^\d{14}$/.test(s)) {
    const d = digitsOf(s);
    if (normaliseRegon(s.slice(0, 9)) === null) return null;
    return regonCheck(d, [2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8]) === d[13] ? s : null;
  }
  return null;
}

/** TERYT (TERC of a gmina): `WWPPGGR`, WW even 02–32, PP and GG from 01, R ∈ {1,2,3,4,5,8,9}. */
export function normaliseTeryt(raw: string): string | null {
  const s = raw.replace(/\s/g, '');
  const m = /^(\d{2})(\d{2})(\d{2})([1234589])$/.exec(s);
  if (!m) return null;
  const ww = Number(m[1]);
  if (ww < 2 || ww > 32 || ww % 2 !== 0) return null;
  if (m[2] === '00' || m[3] === '00') return null;
  return s;
}

export function normalisePostalCode(raw: string): string | null {
  const s = raw.trim();
  return /^\d{2}-\d{3}$/.test(s) ? s : null;
}

/** Polish numbers as people type them: 9 digits, optional +48/0048, spaces or hyphens anywhere → `+48XXXXXXXXX`. */
export function normalisePhone(raw: string): string | null {
  const compact = raw.replace(/[\s-]/g, '');
  const m = /^(?:\+48|0048)?(\d{9})$/.exec(compact);
  return m ? `+48${m[1]}` : null;
}

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const ASCII_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * RFC 5321 mailbox (dot-atom local part), at most 254 characters, IDN domains allowed (checked in their
 * punycode form). Returns the address as typed, with the domain lower-cased.
 */
export function normaliseEmail(raw: string): string | null {
  const s = raw.trim();
  if (s.length > 254) return null;
  const at = s.lastIndexOf('@');
  if (at < 1) return null;
  const local = s.slice(0, at);
  const domain = s.slice(at + 1).toLowerCase();
  if (local.length > 64 || !LOCAL_PART.test(local)) return null;
  const ascii = domainToASCII(domain);
  if (!ascii || ascii.length > 253) return null;
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((l) => ASCII_LABEL.test(l))) return null;
  if (!/^(xn--[a-z0-9-]+|[a-z]{2,63})$/.test(labels[labels.length - 1] ?? '')) return null;
  return `${local}@${domain}`;
}

/** Characters that render invisibly or reorder text: never accepted in any field. */

export const FORBIDDEN_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
