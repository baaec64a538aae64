import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { AppError } from '@cas/errors';
import { newAdminUser, ROLES, USER_STATUS, type User } from '../domain/account.js';
import { generateTemporaryPassword } from '../domain/password-reminder.service.js';
import type { AuditRepository } from '../store/audit.repository.js';
import type { LoginRepository } from '../store/login.repository.js';
import type { SessionStore } from '../store/session.store.js';
import type { UserRepository } from '../store/user.repository.js';
import { clientIp } from './account-actions.js';
import { AuthzErrors, mayAdminister } from './guards.js';

export interface AdminActionsDeps {
  users: UserRepository;
  logins: LoginRepository;
  sessionStore: SessionStore;
  audit: AuditRepository;
  hash(password: string): Promise<string>;
  /** Sends a new admin their temporary password (the reminder path: encrypted for notification). */
  issueTemporaryPassword(user: User): Promise<void>;
}

export interface NewAdmin {
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  phone: string;
  position: string;
  /** Null for a central admin. */
  voivodeship: string | null;
  role: typeof ROLES.voivodeshipAdmin | typeof ROLES.centralAdmin;
}

export const AdminErrors = {
  loginTaken: () =>
    new AppError('ADMIN.LOGIN_TAKEN', 'Ten login jest już zajęty w CAS.', {
      status: 422,
      errors: [{ field: 'login', message: 'Login zajęty.' }],
    }),
  notBlocked: () => new AppError('ADMIN.NOT_BLOCKED', 'Konto nie jest zablokowane.', { status: 409 }),
} as const;

/**
 * What admins do to accounts: unblock, end sessions, create and disable voivodeship admins. Every action is
 * checked against the admin's voivodeship (another voivodeship's account is "not found") and audited.
 */
export function createAdminActions(deps: AdminActionsDeps) {
  const actor = (a: User) => ({ userId: a.id, login: a.login, role: a.role });
  const target = async (admin: User, userId: string): Promise<User> => {
    const user = await deps.users.findById(userId);
    if (!user || !mayAdminister(admin, user.voivodeship) || (user.role !== ROLES.user && admin.role !== ROLES.centralAdmin))
      throw AuthzErrors.notFound();
    return user;
  };

  return {
    target,

    async unblock(req: Request, admin: User, userId: string): Promise<void> {
      const user = await target(admin, userId);
      if (!(await deps.users.unblock(user.id))) throw AdminErrors.notBlocked();
      await deps.audit.record({
        action: 'account-unblocked',
        outcome: 'success',
        actor: actor(admin),
        subject: { userId: user.id, login: user.login },
        ip: clientIp(req),
        voivodeship: user.voivodeship,
      });
    },

    async revokeSessions(req: Request, admin: User, userId: string): Promise<number> {
      const user = await target(admin, userId);
      await deps.users.revokeSessions(user.id, new Date());
      const ended = await deps.sessionStore.endAll(user.id);
      await deps.audit.record({
        action: 'sessions-revoked',
        outcome: 'success',
        actor: actor(admin),
        subject: { userId: user.id, login: user.login },
        ip: clientIp(req),
        voivodeship: user.voivodeship,
        details: { ended },
      });
      return ended;
    },

    /**
     * A new admin account with an unusable random password; the temporary password goes out by e-mail (as a
     * reminder would), so nobody but the new admin ever sees it. They must change it and enrol TOTP.
     */
    async createAdmin(req: Request | null, creator: User | null, input: NewAdmin): Promise<User> {
      const id = randomUUID();
      if (!(await deps.logins.reserveForAccount(input.login.toLowerCase(), id))) throw AdminErrors.loginTaken();
      const now = new Date();
      const user = newAdminUser(
        { id, ...input, passwordHash: await deps.hash(generateTemporaryPassword() + generateTemporaryPassword()) },
        now,
      );
      await deps.users.insert(user, []);
      await deps.issueTemporaryPassword(user);
      await deps.audit.record({
        action: 'admin-created',
        outcome: 'success',
        actor: creator ? actor(creator) : null,
        subject: { userId: user.id, login: user.login },
        ip: req ? clientIp(req) : null,
        voivodeship: user.voivodeship,
        details: { role: user.role },
      });
      return user;
    },

    async disableAdmin(req: Request, creator: User, userId: string): Promise<void> {
      const user = await deps.users.findById(userId);
      if (!user || user.role !== ROLES.voivodeshipAdmin) throw AuthzErrors.notFound();
      await deps.users.setStatus(user.id, user.status, USER_STATUS.disabled);
      await deps.sessionStore.endAll(user.id);
      await deps.audit.record({
        action: 'admin-disabled',
        outcome: 'success',
        actor: actor(creator),
        subject: { userId: user.id, login: user.login },
        ip: clientIp(req),
        voivodeship: user.voivodeship,
      });
    },
  };
}
export type AdminActions = ReturnType<typeof createAdminActions>;
