import { Router } from 'express';
import { z } from 'zod';
import { parseBody, requireJson, verifySameSite } from '@cas/http';
import { adminCreateInput, secondFactorInput } from '../domain/account-input.js';
import { isAdmin, ROLES } from '../domain/account.js';
import type { AuditRepository } from '../store/audit.repository.js';
import type { UserRepository } from '../store/user.repository.js';
import type { AccountActions } from '../auth/account-actions.js';
import { clientIp } from '../auth/account-actions.js';
import type { AdminActions } from '../auth/admin-actions.js';
import { AuthzErrors, requireAdmin, requireUser } from '../auth/guards.js';
import type { SecondFactor } from '../auth/second-factor.js';
import { currentSession, type Sessions } from '../auth/sessions.js';

export interface AdminRoutesDeps {
  actions: AccountActions;
  admin: AdminActions;
  secondFactor: SecondFactor;
  sessions: Sessions;
  users: UserRepository;
  audit: AuditRepository;
}

const idParam = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);

/** Admin API: the second factor, account actions and the audit trail (DESIGN §4, §7). */
export function adminRoutes(deps: AdminRoutesDeps): Router {
  const router = Router();
  const adminOnly = requireUser({ allowPasswordChange: false });

  router.post('/api/v1/auth/totp/enrolment', verifySameSite, adminOnly, async (_req, res) => {
    const s = currentSession(res)!;
    if (!isAdmin(s.user.role)) throw AuthzErrors.notFound();
    res.status(201).json(await deps.secondFactor.beginEnrolment(s.user));
  });

  router.post('/api/v1/auth/totp/confirmation', verifySameSite, requireJson, adminOnly, async (req, res) => {
    const s = currentSession(res)!;
    if (!isAdmin(s.user.role)) throw AuthzErrors.notFound();
    const { code } = parseBody(secondFactorInput, req.body);
    const recoveryCodes = await deps.secondFactor.confirmEnrolment(s.user, code, new Date(), clientIp(req));
    await deps.sessions.reissue(req, res, s, { mfa: true });
    res.json({ recoveryCodes });
  });

  router.post('/api/v1/auth/second-factor', verifySameSite, requireJson, adminOnly, async (req, res) => {
    const s = currentSession(res)!;
    if (!isAdmin(s.user.role)) throw AuthzErrors.notFound();
    const { code } = parseBody(secondFactorInput, req.body);
    const method = await deps.secondFactor.verify(s.user, code, new Date(), clientIp(req));
    await deps.sessions.reissue(req, res, s, { mfa: true });
    res.json({ status: 'verified', method });
  });

  router.post('/api/v1/admin/users/:id/unblock', verifySameSite, requireAdmin(), async (req, res) => {
    await deps.admin.unblock(req, currentSession(res)!.user, parseBody(idParam, req.params.id));
    res.json({ status: 'active' });
  });

  router.post('/api/v1/admin/users/:id/revoke-sessions', verifySameSite, requireAdmin(), async (req, res) => {
    const ended = await deps.admin.revokeSessions(req, currentSession(res)!.user, parseBody(idParam, req.params.id));
    res.json({ status: 'revoked', sessionsEnded: ended });
  });

  router.get('/api/v1/admin/users', requireAdmin(), async (req, res) => {
    const login = typeof req.query.login === 'string' ? req.query.login.trim().toLowerCase().slice(0, 64) : '';
    const user = login ? await deps.users.findByLogin(login) : null;
    const admin = currentSession(res)!.user;
    const visible = user ? await deps.admin.target(admin, user.id).catch(() => null) : null;
    res.json({
      items: visible
        ? [
            {
              id: visible.id,
              login: visible.login,
              name: `${visible.firstName} ${visible.lastName}`,
              status: visible.status,
              role: visible.role,
              voivodeship: visible.voivodeship,
              unit: visible.unit,
              failedAttempts: visible.failedAttempts,
            },
          ]
        : [],
    });
  });

  router.post('/api/v1/admin/voivodeship-admins', verifySameSite, requireJson, requireAdmin(ROLES.centralAdmin), async (req, res) => {
    const input = parseBody(adminCreateInput, req.body);
    const user = await deps.admin.createAdmin(req, currentSession(res)!.user, { ...input, role: ROLES.voivodeshipAdmin });
    res.status(201).json({ id: user.id, login: user.login, role: user.role, voivodeship: user.voivodeship, status: user.status });
  });

  router.get('/api/v1/admin/voivodeship-admins', requireAdmin(ROLES.centralAdmin), async (_req, res) => {
    const admins = await deps.users.listByRole(ROLES.voivodeshipAdmin);
    res.json({ items: admins.map((a) => ({ id: a.id, login: a.login, voivodeship: a.voivodeship, status: a.status })) });
  });

  router.post('/api/v1/admin/voivodeship-admins/:id/disable', verifySameSite, requireAdmin(ROLES.centralAdmin), async (req, res) => {
    await deps.admin.disableAdmin(req, currentSession(res)!.user, parseBody(idParam, req.params.id));
    res.json({ status: 'disabled' });
  });

  /** The audit trail of the admin's voivodeship (the central admin: all). */
  router.get('/api/v1/audit', requireAdmin(), async (req, res) => {
    const admin = currentSession(res)!.user;
    const before =
      typeof req.query.before === 'string' && !Number.isNaN(Date.parse(req.query.before)) ? new Date(req.query.before) : undefined;
    const items = await deps.audit.list({
      voivodeship: admin.role === ROLES.centralAdmin ? null : admin.voivodeship,
      ...(before ? { before } : {}),
    });
    res.json({ items });
  });

  return router;
}
