import fc from 'fast-check';
import { NASTY_STRINGS } from './nasty.js';

/** Node refuses header values outside tab, printable ASCII and Latin-1; keep the rest of the hostility. */
export const headerSafe = (s: string) => s.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** A token with `alg: none` claiming to be the central admin: must be refused like any bad token. */
const FORGED = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'x', sid: 'x', role: 'central-admin', mfa: true, voivodeship: null })}.`;
const FORGED_EDDSA = `${b64({ alg: 'EdDSA', kid: '../../etc/passwd' })}.${b64({ role: 'central-admin' })}.${'A'.repeat(86)}`;

const nastyHeader = fc.oneof(fc.constantFrom(...NASTY_STRINGS).map(headerSafe), fc.string({ maxLength: 40 }).map(headerSafe));

/**
 * One hostile header: forged or broken session cookies and tokens, mailroom keys of the right shape but
 * unknown, odd Accept and correlation ids, cross-site markers (the CSRF checks answer 403), a proxy chain.
 */
export const headerMutationArb: fc.Arbitrary<Record<string, string>> = fc.oneof(
  fc.constantFrom<Record<string, string>>(
    { cookie: `cas_session=${FORGED}` },
    { cookie: `cas_session=${FORGED_EDDSA}` },
    { cookie: 'cas_session=' },
    { cookie: 'cas_session=%ff%fe; cas_csrf=%00' },
    { cookie: ';;;==;cas_session;=x' },
    { cookie: `cas_session=${'a'.repeat(8_000)}` },
    { cookie: Array.from({ length: 200 }, (_, i) => `c${i}=${i}`).join('; ') },
    { authorization: 'Bearer ' },
    { authorization: 'Bearer' },
    { authorization: 'Basic Zm9vOmJhcg==' },
    { authorization: `Bearer ${FORGED}` },
    { authorization: `Bearer ${FORGED_EDDSA}` },
    { authorization: `Bearer casmr_0123456789abcdef_${'A'.repeat(43)}` },
    { authorization: `Bearer casmr_${'z'.repeat(16)}_${'-'.repeat(43)}` },
    { authorization: `Bearer ${'x'.repeat(5_000)}` },
    { accept: 'text/html' },
    { accept: 'application/json;q=0, text/html;q=0' },
    { accept: '*/*;q=abc' },
    { origin: 'https://evil.example' },
    { origin: 'null' },
    { origin: '%%%' },
    { 'sec-fetch-site': 'cross-site' },
    { 'x-forwarded-for': '1.1.1.1, ::1, garbage, 999.999.999.999' },
    { 'x-forwarded-proto': 'https' },
    { 'if-none-match': '*' },
    { 'accept-charset': 'ebcdic' },
  ),
  nastyHeader.map((v) => ({ 'x-correlation-id': v })),
  nastyHeader.map((v) => ({ 'idempotency-key': v })),
  fc.constantFrom(1, 200, 129, 10_000).map((n) => ({ 'idempotency-key': 'k'.repeat(n) })),
);

/** Joins generated headers with the caller's: cookies add up, the generated Authorization wins (a bad key). */
export function mergeHeaders(caller: Record<string, string>, generated: Record<string, string>): Record<string, string> {
  const out = { ...caller, ...generated };
  if (caller.cookie && generated.cookie) out.cookie = `${caller.cookie}; ${generated.cookie}`;
  return out;
}
