import type { Response } from 'express';
import type { SessionClaims } from '@cas/auth';
import { adminOf } from '@cas/http';

/**
 * Which voivodeship an admin's query covers (DESIGN §7 tenancy): always the token's for a voivodeship admin,
 * whatever the request asks; the central admin sees all, or the one `requested`.
 */
export function scopeOf(claims: SessionClaims, requested: string | null = null): string | null {
  return claims.role === 'central-admin' ? requested : claims.voivodeship;
}

/** Who the pages' header names. */
export const pageWho = (res: Response) => ({ login: adminOf(res).login, voivodeship: adminOf(res).voivodeship });

/** Authenticated answers are never cached (DESIGN §7). */
export const noStore = (res: Response) => res.setHeader('Cache-Control', 'no-store');

/** A form sends empty fields for "any": they mean the same as an absent one. */
export const withoutEmpty = (query: Record<string, unknown>) => Object.fromEntries(Object.entries(query).filter(([, v]) => v !== ''));
