import type { NextFunction, Request, Response } from 'express';
import { AppError } from '@cas/errors';
import { ROLES, type Role } from '../domain/account.js';
import { currentSession } from './sessions.js';

export const AuthzErrors = {
  loginRequired: () => new AppError('AUTH.LOGIN_REQUIRED', 'Zaloguj się, aby kontynuować.', { status: 401 }),
  passwordChangeRequired: () =>
    new AppError('AUTH.PASSWORD_CHANGE_REQUIRED', 'Najpierw ustaw nowe hasło (zalogowano hasłem tymczasowym).', { status: 403 }),
  secondFactorRequired: () =>
    new AppError('AUTH.SECOND_FACTOR_REQUIRED', 'Potwierdź logowanie kodem z aplikacji uwierzytelniającej.', { status: 403 }),
  /** Not an admin, or another voivodeship's data: "not found", so nothing about its existence leaks. */
  notFound: () => new AppError('COMMON.NOT_FOUND', 'Nie znaleziono.', { status: 404 }),
} as const;

const isPage = (req: Request) => !req.path.startsWith('/api/');
const here = (req: Request) => encodeURIComponent(req.originalUrl.slice(0, 500));

/**
 * A logged-in user whose password is current. Pages redirect (to the login page with a return path, or to the
 * forced password change); API routes answer 401/403 problems.
 */
export function requireUser(opts: { allowPasswordChange?: boolean } = {}) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const s = currentSession(res);
    if (!s) return isPage(req) ? res.redirect(303, `/logowanie?powrot=${here(req)}`) : next(AuthzErrors.loginRequired());
    if (s.claims.mustChangePassword && !opts.allowPasswordChange)
      return isPage(req) ? res.redirect(303, '/zmiana-hasla') : next(AuthzErrors.passwordChangeRequired());
    next();
  };
}

/**
 * An admin of one of `roles` who has passed the second factor (ASVS L2: MFA for administrative access). An
 * admin without it is sent to enrol or enter a code; anyone else gets 404.
 */
export function requireAdmin(...roles: Role[]) {
  const allowed = roles.length ? roles : [ROLES.voivodeshipAdmin, ROLES.centralAdmin];
  return (req: Request, res: Response, next: NextFunction): void => {
    const s = currentSession(res);
    if (!s) return isPage(req) ? res.redirect(303, `/logowanie?powrot=${here(req)}`) : next(AuthzErrors.loginRequired());
    if (!allowed.includes(s.user.role)) return next(AuthzErrors.notFound());
    if (s.claims.mustChangePassword) return isPage(req) ? res.redirect(303, '/zmiana-hasla') : next(AuthzErrors.passwordChangeRequired());
    if (!s.claims.mfa) return isPage(req) ? res.redirect(303, '/logowanie/drugi-skladnik') : next(AuthzErrors.secondFactorRequired());
    next();
  };
}

/** Tenancy (DESIGN §7): a voivodeship admin acts only within their voivodeship; the central admin everywhere. */
export function mayAdminister(admin: { role: Role; voivodeship: string | null }, subjectVoivodeship: string | null): boolean {
  if (admin.role === ROLES.centralAdmin) return true;
  return admin.role === ROLES.voivodeshipAdmin && admin.voivodeship !== null && admin.voivodeship === subjectVoivodeship;
}
