import { createHash, createHmac } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 of the first 40 bits → 8 characters. */
function base32of40bits(buf: Buffer): string {
  let bits = 0n;
  for (let i = 0; i < 5; i++) bits = (bits << 8n) | BigInt(buf[i] ?? 0);
  let out = '';
  for (let i = 7; i >= 0; i--) out += BASE32[Number((bits >> BigInt(i * 5)) & 31n)];
  return out;
}

/** Canonical JSON: keys sorted at every level, so the same data always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The code printed on the form and in its QR (DESIGN §4): HMAC-SHA256 (key owned by registration) over
 * the application number and a hash of the form's data, as 8 base32 characters.
 */
export function verificationCode(key: string, number: string, formData: unknown): string {
  const dataHash = createHash('sha256').update(canonicalJson(formData)).digest('hex');
  return base32of40bits(createHmac('sha256', key).update(`${number}|${dataHash}`).digest());
}
