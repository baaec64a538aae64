import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '@cas/errors';
import { cookieSecure, readCookie } from './cookies.js';

/** Stored name of the cookie: renaming it logs every open form out of its token. */
export const CSRF_COOKIE = 'cas_csrf';
export const CSRF_FIELD = '_csrf';

/**
 * Double-submit CSRF protection (DESIGN §7): a random token in an HttpOnly, SameSite=Lax cookie and the same
 * token in a hidden form field, compared in constant time; plus a `Sec-Fetch-Site`/`Origin` check that refuses
 * cross-site posts outright. `csrfToken()` reuses the cookie's token or sets a new one.
 */
export function csrfToken(req: Request, res: Response): string {
  const existing = readCookie(req, CSRF_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  res.cookie(CSRF_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: cookieSecure(req), path: '/' });
  return token;
}

export const csrfError = () =>
  new AppError('COMMON.CSRF', 'Formularz wygasł lub został wysłany z innej strony. Odśwież stronę i wyślij go ponownie.', { status: 403 });

/** Refuses requests a browser marks as cross-site (`Sec-Fetch-Site`) or whose `Origin` is another host. */
function crossSite(req: Request): boolean {
  const site = req.get('sec-fetch-site');
  if (site && !['same-origin', 'none'].includes(site)) return true;
  const origin = req.get('origin');
  if (!origin || origin === 'null') return false;
  try {
    return new URL(origin).host !== req.get('host');
  } catch {
    return true;
  }
}

/**
 * For cookie-authenticated JSON APIs: same-site requests only. Cross-site HTML forms cannot send
 * `application/json` (requireJson), and this refuses cross-site `fetch` too.
 */
export function verifySameSite(req: Request, _res: Response, next: NextFunction): void {
  next(crossSite(req) ? csrfError() : undefined);
}

export function verifyCsrf(req: Request, _res: Response, next: NextFunction): void {
  if (crossSite(req)) return next(csrfError());
  const cookie = readCookie(req, CSRF_COOKIE) ?? '';
  const body = req.body as Record<string, unknown> | undefined;
  const field = typeof body?.[CSRF_FIELD] === 'string' ? body[CSRF_FIELD] : '';
  const a = Buffer.from(cookie);
  const b = Buffer.from(field);
  if (a.length === 0 || a.length !== b.length || !timingSafeEqual(a, b)) return next(csrfError());
  next();
}
