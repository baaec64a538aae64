import type { Request, Response } from 'express';
import { AppError } from '@cas/errors';
import { correlationId, type Logger } from '@cas/logger';
import { ROLES, type User } from '../domain/account.js';
import { loginUseCase, type LoginPorts, type LoginSettings } from '../domain/login.service.js';
import { changePasswordUseCase, type PasswordChangePorts } from '../domain/password-change.service.js';
import type { AuditRepository } from '../store/audit.repository.js';
import type { RateLimiter, SessionStore } from '../store/session.store.js';
import type { CurrentSession, Sessions } from './sessions.js';

export interface AccountActionsDeps {
  loginPorts: LoginPorts;
  loginSettings: LoginSettings;
  passwordPorts: PasswordChangePorts;
  sessions: Sessions;
  sessionStore: SessionStore;
  rateLimiter: RateLimiter;
  audit: AuditRepository;
  /** Enqueues the reminder job (the same work and answer whether or not the account exists). */
  enqueueReminder(identifier: string, ip: string): Promise<void>;
  limits: { loginPerIpPerMinute: number; reminderPerIpPerHour: number };
  logger: Logger;
}

export const AccountErrors = {
  /** The one answer to every failed login (unknown login, wrong password, blocked, inactive). */
  loginFailed: () =>
    new AppError(
      'AUTH.LOGIN_FAILED',
      'Nieprawidłowy login lub hasło albo konto jest zablokowane. Jeśli nie pamiętasz hasła lub konto zostało zablokowane, użyj „Przypomnij hasło”.',
      { status: 401 },
    ),
  tooManyAttempts: (retryAfter: number) =>
    new AppError('AUTH.TOO_MANY_ATTEMPTS', `Zbyt wiele prób z tego adresu. Spróbuj ponownie za ${Math.ceil(retryAfter / 60)} min.`, {
      status: 429,
      headers: { 'Retry-After': String(retryAfter) },
    }),
} as const;

export const clientIp = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/** Where a freshly logged-in user must go first. */
export function nextStep(user: User, mustChangePassword: boolean): string {
  if (mustChangePassword) return '/zmiana-hasla';
  if (user.role !== ROLES.user) return '/logowanie/drugi-skladnik';
  return '/konto';
}

/** Login, password change, logout and reminders: one implementation behind the API and the pages. */
export function createAccountActions(deps: AccountActionsDeps) {
  const auditFor = (user: User | null, req: Request) => ({
    subject: user ? { userId: user.id, login: user.login } : null,
    ip: clientIp(req),
    voivodeship: user?.voivodeship ?? null,
  });

  return {
    async login(req: Request, res: Response, input: { login: string; password: string }): Promise<{ user: User; next: string }> {
      const ip = clientIp(req);
      const rate = await deps.rateLimiter.hit('login-ip', ip, deps.limits.loginPerIpPerMinute, 60);
      if (!rate.allowed) throw AccountErrors.tooManyAttempts(rate.retryAfter);
      const outcome = await loginUseCase(deps.loginPorts, deps.loginSettings, {
        identifier: input.login,
        password: input.password,
        correlationId: correlationId(),
      });
      if (!outcome.ok) {
        await deps.audit.record({
          action: 'login-failed',
          outcome: 'failure',
          actor: null,
          ...auditFor(outcome.user, req),
          details: { reason: outcome.reason },
        });
        if (outcome.blockedNow && outcome.user) {
          await deps.audit.record({ action: 'account-blocked', outcome: 'success', actor: null, ...auditFor(outcome.user, req) });
        }
        throw AccountErrors.loginFailed();
      }
      const user = outcome.usedTemporaryPassword ? { ...outcome.user, mustChangePassword: true } : outcome.user;
      await deps.sessions.start(req, res, user);
      await deps.audit.record({
        action: 'login',
        outcome: 'success',
        actor: { userId: user.id, login: user.login, role: user.role },
        ...auditFor(user, req),
        details: { temporaryPassword: outcome.usedTemporaryPassword },
      });
      return { user, next: nextStep(user, user.mustChangePassword) };
    },

    async changePassword(req: Request, res: Response, session: CurrentSession, input: { currentPassword: string; newPassword: string }) {
      await changePasswordUseCase(deps.passwordPorts, session.user, input);
      // Every other session ends; this one continues as a fresh session (the old one is void by time).
      await deps.sessionStore.endAll(session.user.id);
      const user = { ...session.user, mustChangePassword: false, temporaryPassword: null };
      await deps.sessions.start(req, res, user, { mfa: session.claims.mfa });
      await deps.audit.record({
        action: 'password-changed',
        outcome: 'success',
        actor: { userId: user.id, login: user.login, role: user.role },
        ...auditFor(user, req),
      });
      return user;
    },

    async logout(req: Request, res: Response, session: CurrentSession | undefined): Promise<void> {
      await deps.sessions.end(req, res);
      if (session)
        await deps.audit.record({
          action: 'logout',
          outcome: 'success',
          actor: { userId: session.user.id, login: session.user.login, role: session.user.role },
          ...auditFor(session.user, req),
        });
    },

    /** Always the same answer; the work happens in a job. Over the per-IP limit → 429 (same for everyone). */
    async requestReminder(req: Request, identifier: string): Promise<void> {
      const ip = clientIp(req);
      const rate = await deps.rateLimiter.hit('reminder-ip', ip, deps.limits.reminderPerIpPerHour, 3600);
      if (!rate.allowed) throw AccountErrors.tooManyAttempts(rate.retryAfter);
      await deps.enqueueReminder(identifier, ip);
    },
  };
}
export type AccountActions = ReturnType<typeof createAccountActions>;

/** "Parametry użytkownika" → e-mail change, behind the API and the pages (main.ts wires the use cases). */
export interface EmailChangeActions {
  request(session: CurrentSession, input: { newEmail: string; currentPassword: string }, ip: string): Promise<void>;
  /** Returns the confirmed address. */
  confirm(userId: string, token: string, ip: string): Promise<string>;
}
