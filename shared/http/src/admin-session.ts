import type { NextFunction, Request, Response } from 'express';
import { SESSION_COOKIE, type SessionClaims, type TokenVerifier } from '@cas/auth';
import { AppError } from '@cas/errors';
import { readCookie } from './cookies.js';

const ADMIN_ROLES: readonly string[] = ['voivodeship-admin', 'central-admin'];

/**
 * An administrator's session, verified with registration's public keys only (DESIGN §3): the session
 * cookie, or the same token as `Authorization: Bearer`. Admins must have passed their second factor.
 * Unauthenticated → 401; authenticated but not an admin → 403.
 */
export function requireAdmin(verifier: TokenVerifier) {
  // Services other than registration see sessions through the token only; it lives at most SESSION_TOKEN_TTL.
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const bearer = /^Bearer\s+(eyJ[\w-]+\.[\w-]+\.[\w-]+)$/.exec(req.get('authorization') ?? '')?.[1];
    const token = bearer ?? readCookie(req, SESSION_COOKIE);
    if (!token) throw new AppError('AUTH.LOGIN_REQUIRED', 'Zaloguj się jako administrator.', { status: 401 });
    const claims = await verifier.verify(token);
    if (!ADMIN_ROLES.includes(claims.role) || !claims.mfa || claims.mustChangePassword)
      throw new AppError('AUTH.ADMIN_ONLY', 'Ta operacja jest dostępna tylko dla administratorów.', { status: 403 });
    res.locals.admin = claims;
    next();
  };
}

export const adminOf = (res: Response): SessionClaims => res.locals.admin as SessionClaims;

/** Tenancy (DESIGN §7): a voivodeship admin sees only their voivodeship; the central admin sees all. */
export const adminMaySee = (admin: SessionClaims, voivodeship: string): boolean =>
  admin.role === 'central-admin' || admin.voivodeship === voivodeship;
