import { Router } from 'express';
import { jwksDocument, type SigningKey } from '@cas/auth';
import { parseBody, requireJson, verifySameSite } from '@cas/http';
import { plainGrants } from '../domain/account.js';
import {
  buildPermissionRequestInput,
  emailChangeInput,
  loginInput,
  passwordChangeInput,
  reminderInput,
  type PermissionRequestInput,
} from '../domain/account-input.js';
import type { Catalogue } from '../domain/catalogue.js';
import type { PermissionRequest } from '../domain/permission-request.js';
import { clientIp, type AccountActions, type EmailChangeActions } from '../auth/account-actions.js';
import { requireUser } from '../auth/guards.js';
import { currentSession, type CurrentSession } from '../auth/sessions.js';
import { IDEMPOTENCY_KEY } from './applications.routes.js';

export interface AuthRoutesDeps {
  actions: AccountActions;
  catalogue: Catalogue;
  keys: () => readonly SigningKey[];
  submitPermissionRequest(session: CurrentSession, input: PermissionRequestInput, idempotencyKey?: string): Promise<PermissionRequest>;
  listPermissionRequests(userId: string): Promise<PermissionRequest[]>;
  emailChange: EmailChangeActions;
}

/** Public view of the logged-in account (no hashes, no second-factor secrets). */
export function accountView(s: CurrentSession) {
  const u = s.user;
  return {
    id: u.id,
    login: u.login,
    email: u.email,
    firstName: u.firstName,
    lastName: u.lastName,
    phone: u.phone,
    position: u.position,
    role: u.role,
    voivodeship: u.voivodeship,
    unit: u.unit,
    grants: u.grants,
    mustChangePassword: s.claims.mustChangePassword,
    secondFactor: s.claims.mfa,
  };
}

export const requestView = (r: PermissionRequest) => ({
  id: r.id,
  status: r.status,
  targetUnit: r.targetUnit,
  subAreas: r.subAreas,
  justification: r.justification,
  submittedAt: r.submittedAt,
  decidedAt: r.decidedAt,
  decisionReason: r.decisionReason,
});

/** `/api/v1/auth/*`, the account, permission requests and the JWKS (DESIGN §5.2). */
export function authRoutes(deps: AuthRoutesDeps): Router {
  const router = Router();
  const permissionInput = buildPermissionRequestInput(deps.catalogue);

  router.get('/.well-known/jwks.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(jwksDocument(deps.keys()));
  });

  router.post('/api/v1/auth/login', verifySameSite, requireJson, async (req, res) => {
    const input = parseBody(loginInput, req.body);
    const { user, next } = await deps.actions.login(req, res, input);
    const s = currentSession(res);
    res.json({ user: s ? accountView(s) : { id: user.id }, next });
  });

  router.post('/api/v1/auth/logout', verifySameSite, async (req, res) => {
    await deps.actions.logout(req, res, currentSession(res));
    res.status(204).end();
  });

  router.get('/api/v1/auth/session', requireUser({ allowPasswordChange: true }), (_req, res) => {
    const s = currentSession(res)!;
    res.json({ account: accountView(s) });
  });

  router.post('/api/v1/auth/password-reminder', requireJson, async (req, res) => {
    const input = parseBody(reminderInput, req.body);
    await deps.actions.requestReminder(req, input.loginOrEmail);
    res.status(202).json({
      status: 'accepted',
      message: 'Jeśli konto istnieje, wysłaliśmy na zapisany w nim adres e-mail hasło tymczasowe ważne 60 minut.',
    });
  });

  router.post('/api/v1/auth/password', verifySameSite, requireJson, requireUser({ allowPasswordChange: true }), async (req, res) => {
    const input = parseBody(passwordChangeInput, req.body);
    await deps.actions.changePassword(req, res, currentSession(res)!, input);
    res.json({ status: 'changed', account: accountView(currentSession(res)!) });
  });

  router.get('/api/v1/account', requireUser(), (_req, res) => {
    res.json(accountView(currentSession(res)!));
  });

  router.post('/api/v1/account/email', verifySameSite, requireJson, requireUser(), async (req, res) => {
    const input = parseBody(emailChangeInput, req.body);
    await deps.emailChange.request(currentSession(res)!, input, clientIp(req));
    res
      .status(202)
      .json({ status: 'confirmation-sent', message: 'Wysłaliśmy link potwierdzający na nowy adres. Adres zmieni się po jego kliknięciu.' });
  });

  router.get('/api/v1/permission-requests', requireUser(), async (_req, res) => {
    const s = currentSession(res)!;
    res.json({ items: (await deps.listPermissionRequests(s.user.id)).map(requestView) });
  });

  router.post('/api/v1/permission-requests', verifySameSite, requireJson, requireUser(), async (req, res) => {
    const input = parseBody(permissionInput, req.body);
    const key = req.get('idempotency-key');
    const s = currentSession(res)!;
    const request = await deps.submitPermissionRequest(s, input, key && IDEMPOTENCY_KEY.test(key) ? key : undefined);
    res.status(201).json({ ...requestView(request), grantsHeld: plainGrants(s.user.grants) });
  });

  return router;
}
