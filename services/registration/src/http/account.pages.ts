import { Router, type Request, type Response } from 'express';
import QRCode from 'qrcode';
import { safeReturnPath } from '@cas/auth';
import { isAppError, zodIssuesToFieldErrors } from '@cas/errors';
import { csrfToken, verifyCsrf } from '@cas/http';
import { ROLES } from '../domain/account.js';
import { buildPermissionRequestInput, emailChangeInput, profileInput, type PermissionRequestInput } from '../domain/account-input.js';
import type { Catalogue } from '../domain/catalogue.js';
import type { PermissionRequest } from '../domain/permission-request.js';
import type { AuditRepository } from '../store/audit.repository.js';
import type { PublicUnit } from '../store/unit.repository.js';
import type { UserRepository } from '../store/user.repository.js';
import { clientIp, type AccountActions, type EmailChangeActions } from '../auth/account-actions.js';
import type { AdminActions } from '../auth/admin-actions.js';
import { requireAdmin, requireUser } from '../auth/guards.js';
import type { SecondFactor } from '../auth/second-factor.js';
import { currentSession, type CurrentSession, type Sessions } from '../auth/sessions.js';
import { accountHomePage, areaPage, emailConfirmPage, extensionPage, parametersPage } from './views/account-home.pages.js';
import { adminPage } from './views/admin.page.js';
import { forcedPasswordChangePage, loginPage, reminderPage, secondFactorPage } from './views/auth.pages.js';

export interface AccountPagesDeps {
  catalogue: Catalogue;
  actions: AccountActions;
  admin: AdminActions;
  secondFactor: SecondFactor;
  sessions: Sessions;
  users: UserRepository;
  audit: AuditRepository;
  searchUnits: (q: string) => Promise<PublicUnit[]>;
  submitPermissionRequest(session: CurrentSession, input: PermissionRequestInput, idempotencyKey?: string): Promise<PermissionRequest>;
  listPermissionRequests(userId: string): Promise<PermissionRequest[]>;
  emailChange: EmailChangeActions;
}

type Body = Record<string, unknown>;
const str = (v: unknown, max = 600) => (typeof v === 'string' ? v.slice(0, max) : '');
const send = (res: Response, page: string, status = 200) => res.status(status).type('html').send(page);
const session = (res: Response) => currentSession(res)!;
const fieldMap = (errors: { field: string; message: string }[]) =>
  Object.fromEntries(errors.map((e) => [e.field.split('.')[0] ?? e.field, e.message]));

/** Logowanie, Przypomnij hasło, the landing page, Parametry użytkownika, the second factor and the admin panel. */
export function accountPages(deps: AccountPagesDeps): Router {
  const router = Router();
  const { catalogue } = deps;
  const permissionInput = buildPermissionRequestInput(catalogue);

  router.get('/logowanie', (req, res) => {
    const s = currentSession(res);
    if (s) return res.redirect(303, '/konto');
    send(
      res,
      loginPage({
        csrf: csrfToken(req, res),
        returnTo: safeReturnPath(req.query.powrot, ''),
        ...(req.query.wylogowano === '1' ? { notice: 'Wylogowano.' } : {}),
      }),
    );
  });

  router.post('/logowanie', verifyCsrf, async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Body;
    const login = str(body.login, 254).trim();
    const returnTo = safeReturnPath(body.powrot, '');
    try {
      const { next } = await deps.actions.login(req, res, { login, password: str(body.password, 512) });
      res.redirect(303, next === '/konto' && returnTo ? returnTo : next);
    } catch (e) {
      if (!isAppError(e) || e.status >= 500) throw e;
      for (const [h, v] of Object.entries(e.headers)) res.setHeader(h, v);
      send(res, loginPage({ csrf: csrfToken(req, res), login, error: e.message, returnTo }), e.status);
    }
  });

  router.post('/wyloguj', verifyCsrf, async (req, res) => {
    await deps.actions.logout(req, res, currentSession(res));
    res.redirect(303, '/logowanie?wylogowano=1');
  });

  router.get('/przypomnij-haslo', (req, res) => send(res, reminderPage({ csrf: csrfToken(req, res) })));

  router.post('/przypomnij-haslo', verifyCsrf, async (req, res) => {
    const value = str((req.body as Body | undefined)?.loginOrEmail, 254).trim();
    if (!value) return send(res, reminderPage({ csrf: csrfToken(req, res), error: 'Podaj login lub adres e-mail.' }), 400);
    try {
      await deps.actions.requestReminder(req, value);
    } catch (e) {
      if (!isAppError(e) || e.status >= 500) throw e;
      return send(res, reminderPage({ csrf: csrfToken(req, res), value, error: e.message }), e.status);
    }
    send(res, reminderPage({ csrf: csrfToken(req, res), sent: true }));
  });

  router.get('/zmiana-hasla', requireUser({ allowPasswordChange: true }), (req, res) =>
    send(res, forcedPasswordChangePage({ csrf: csrfToken(req, res), errors: {} })),
  );

  const changePassword = async (req: Request, res: Response, onError: (errors: Record<string, string>, status: number) => void) => {
    const body = (req.body ?? {}) as Body;
    const input = { currentPassword: str(body.currentPassword, 512), newPassword: str(body.newPassword, 512) };
    if (input.newPassword !== str(body.newPasswordRepeat, 512))
      return (onError({ newPasswordRepeat: 'Hasła nie są takie same.' }, 400), false);
    try {
      await deps.actions.changePassword(req, res, session(res), input);
      return true;
    } catch (e) {
      if (!isAppError(e) || e.status >= 500 || e.errors.length === 0) throw e;
      onError(fieldMap(e.errors), e.status);
      return false;
    }
  };

  router.post('/zmiana-hasla', verifyCsrf, requireUser({ allowPasswordChange: true }), async (req, res) => {
    const ok = await changePassword(req, res, (errors, status) =>
      send(res, forcedPasswordChangePage({ csrf: csrfToken(req, res), errors }), status),
    );
    if (ok) res.redirect(303, session(res).user.role === ROLES.user ? '/konto' : '/logowanie/drugi-skladnik');
  });

  router.get('/konto', requireUser(), (req, res) => send(res, accountHomePage(session(res).user, catalogue, csrfToken(req, res))));

  router.get('/obszary/:code', requireUser(), (req, res) => {
    const code = String(req.params.code);
    const area = catalogue.area(code);
    // Areas without a grant are not offered, and not reachable by URL either.
    if (!area || !session(res).user.grants.some((g) => g.area === code)) return res.redirect(303, '/konto');
    send(res, areaPage(area.code, area.name, csrfToken(req, res)));
  });

  const parameters = async (req: Request, res: Response, extra: Partial<Parameters<typeof parametersPage>[0]> = {}, status = 200) =>
    send(
      res,
      parametersPage(
        { user: session(res).user, csrf: csrfToken(req, res), requests: await deps.listPermissionRequests(session(res).user.id), ...extra },
        catalogue,
      ),
      status,
    );

  router.get('/parametry-uzytkownika', requireUser(), async (req, res) => {
    await parameters(req, res, req.query.zapisano === '1' ? { notice: 'Zapisano.' } : {});
  });

  router.post('/parametry-uzytkownika/dane', verifyCsrf, requireUser(), async (req, res) => {
    const parsed = profileInput.safeParse(
      Object.fromEntries(['firstName', 'lastName', 'phone', 'position'].map((k) => [k, str((req.body as Body)[k], 300)])),
    );
    if (!parsed.success) return parameters(req, res, { profileErrors: fieldMap(zodIssuesToFieldErrors(parsed.error.issues)) }, 400);
    const s = session(res);
    await deps.users.updateProfile(s.user.id, parsed.data);
    await deps.sessions.reissue(req, res, s, { user: { ...s.user, ...parsed.data } });
    await deps.audit.record({
      action: 'profile-changed',
      outcome: 'success',
      actor: { userId: s.user.id, login: s.user.login, role: s.user.role },
      subject: { userId: s.user.id, login: s.user.login },
      ip: req.ip ?? null,
      voivodeship: s.user.voivodeship,
    });
    res.redirect(303, '/parametry-uzytkownika?zapisano=1');
  });

  router.post('/parametry-uzytkownika/email', verifyCsrf, requireUser(), async (req, res) => {
    const body = (req.body ?? {}) as Body;
    const parsed = emailChangeInput.safeParse({ newEmail: str(body.newEmail, 300), currentPassword: str(body.emailPassword, 512) });
    const remap = (errors: Record<string, string>) =>
      Object.fromEntries(Object.entries(errors).map(([k, v]) => [k === 'currentPassword' ? 'emailPassword' : k, v]));
    if (!parsed.success) return parameters(req, res, { emailErrors: remap(fieldMap(zodIssuesToFieldErrors(parsed.error.issues))) }, 400);
    try {
      await deps.emailChange.request(session(res), parsed.data, clientIp(req));
    } catch (e) {
      if (!isAppError(e) || e.status >= 500 || e.errors.length === 0) throw e;
      return parameters(req, res, { emailErrors: remap(fieldMap(e.errors)) }, e.status);
    }
    await parameters(req, res, {
      notice: `Wysłaliśmy link potwierdzający na adres ${parsed.data.newEmail}. Adres konta zmieni się po jego kliknięciu (link ważny 24 godziny).`,
    });
  });

  // The link from the e-mail: a page with a button (a POST), so mail scanners that open links change nothing.
  router.get('/parametry-uzytkownika/email/potwierdz', (req, res) =>
    send(res, emailConfirmPage({ csrf: csrfToken(req, res), userId: str(req.query.u, 64), token: str(req.query.t, 100) })),
  );

  router.post('/parametry-uzytkownika/email/potwierdz', verifyCsrf, async (req, res) => {
    const body = (req.body ?? {}) as Body;
    try {
      const email = await deps.emailChange.confirm(str(body.u, 64), str(body.t, 100), clientIp(req));
      send(res, emailConfirmPage({ csrf: csrfToken(req, res), userId: '', token: '', confirmed: email }));
    } catch (e) {
      if (!isAppError(e) || e.status >= 500) throw e;
      send(res, emailConfirmPage({ csrf: csrfToken(req, res), userId: '', token: '', error: e.message }), e.status);
    }
  });

  router.post('/parametry-uzytkownika/haslo', verifyCsrf, requireUser(), async (req, res) => {
    const ok = await changePassword(req, res, (errors, status) => void parameters(req, res, { passwordErrors: errors }, status));
    if (ok) res.redirect(303, '/parametry-uzytkownika?zapisano=1');
  });

  const extension = async (req: Request, res: Response, body: Body, errors: Record<string, string>, status: number) => {
    const query = str(req.query.jednostka, 100).trim();
    const results = query.length >= 3 ? await deps.searchUnits(query) : [];
    const chosenUnit = str(body.unitId, 64);
    if (chosenUnit && !results.some((u) => u.id === chosenUnit) && chosenUnit !== session(res).user.unit?.id) {
      const again = await deps.searchUnits(chosenUnit);
      results.push(...again);
    }
    const grants = Array.isArray(body.grants) ? body.grants : body.grants ? [body.grants] : [];
    send(
      res,
      extensionPage(
        {
          csrf: csrfToken(req, res),
          user: session(res).user,
          query,
          results,
          chosenUnit,
          chosen: new Set(grants.map((g) => str(g, 80))),
          justification: str(body.justification, 2000),
          errors,
        },
        catalogue,
      ),
      status,
    );
  };

  router.get('/parametry-uzytkownika/rozszerzenie', requireUser(), (req, res) => extension(req, res, {}, {}, 200));

  router.post('/parametry-uzytkownika/rozszerzenie', verifyCsrf, requireUser(), async (req, res) => {
    const body = (req.body ?? {}) as Body;
    const grants = (Array.isArray(body.grants) ? body.grants : body.grants ? [body.grants] : []).slice(0, 60).map((g) => {
      const [area, subArea] = str(g, 80).split('/');
      return { area, subArea };
    });
    const parsed = permissionInput.safeParse({
      ...(str(body.unitId, 64) ? { unitId: str(body.unitId, 64) } : {}),
      subAreas: grants,
      justification: str(body.justification, 2100),
    });
    if (!parsed.success) return extension(req, res, body, fieldMap(zodIssuesToFieldErrors(parsed.error.issues)), 400);
    try {
      await deps.submitPermissionRequest(session(res), parsed.data);
    } catch (e) {
      if (!isAppError(e) || e.status >= 500 || e.errors.length === 0) throw e;
      return extension(req, res, body, fieldMap(e.errors), e.status);
    }
    res.redirect(303, '/parametry-uzytkownika?zapisano=1#wnioski');
  });

  // Second factor: enrolment (first time) or a code; only admins have one.
  router.get('/logowanie/drugi-skladnik', requireUser(), async (req, res) => {
    const s = session(res);
    if (s.user.role === ROLES.user) return res.redirect(303, '/konto');
    if (s.claims.mfa) return res.redirect(303, '/admin');
    if (deps.secondFactor.isEnrolled(s.user)) return send(res, secondFactorPage({ csrf: csrfToken(req, res) }));
    send(res, secondFactorPage({ csrf: csrfToken(req, res), enrolment: await enrolmentView(s.user) }));
  });

  const enrolmentView = async (user: Parameters<SecondFactor['beginEnrolment']>[0]) => {
    const enrolment = await deps.secondFactor.beginEnrolment(user);
    const qrSvg = await QRCode.toString(enrolment.uri, { type: 'svg', margin: 4, errorCorrectionLevel: 'M' });
    return { secret: enrolment.secret, qrSvg };
  };

  router.post('/logowanie/drugi-skladnik', verifyCsrf, requireUser(), async (req, res) => {
    const s = session(res);
    if (s.user.role === ROLES.user) return res.redirect(303, '/konto');
    const code = str((req.body as Body | undefined)?.code, 32).trim();
    const enrolling = !deps.secondFactor.isEnrolled(s.user);
    try {
      if (enrolling) {
        const recoveryCodes = await deps.secondFactor.confirmEnrolment(s.user, code, new Date(), clientIp(req));
        await deps.sessions.reissue(req, res, s, { mfa: true });
        return send(res, secondFactorPage({ csrf: csrfToken(req, res), recoveryCodes }));
      }
      await deps.secondFactor.verify(s.user, code, new Date(), clientIp(req));
      await deps.sessions.reissue(req, res, s, { mfa: true });
      res.redirect(303, '/admin');
    } catch (e) {
      if (!isAppError(e) || e.status >= 500) throw e;
      for (const [h, v] of Object.entries(e.headers)) res.setHeader(h, v);
      // Enrolling: the same pending secret again, so what the admin scanned still works.
      const enrolment = enrolling ? await enrolmentView(s.user) : undefined;
      send(res, secondFactorPage({ csrf: csrfToken(req, res), error: e.message, ...(enrolment ? { enrolment } : {}) }), e.status);
    }
  });

  const adminView = async (req: Request, res: Response, notice?: string) => {
    const admin = session(res).user;
    const query = str(req.query.login, 64).trim();
    const candidate = query ? await deps.users.findByLogin(query.toLowerCase()) : null;
    const found = candidate ? await deps.admin.target(admin, candidate.id).catch(() => null) : null;
    send(
      res,
      adminPage({
        admin,
        csrf: csrfToken(req, res),
        query,
        found,
        searched: !!query,
        ...(notice ? { notice } : {}),
        audit: await deps.audit.list({ voivodeship: admin.role === ROLES.centralAdmin ? null : admin.voivodeship, limit: 50 }),
        ...(admin.role === ROLES.centralAdmin ? { voivodeshipAdmins: await deps.users.listByRole(ROLES.voivodeshipAdmin) } : {}),
      }),
    );
  };

  const NOTICES: Record<string, string> = { odblokowano: 'Konto odblokowano.', wylogowano: 'Zakończono wszystkie sesje konta.' };
  router.get('/admin', requireAdmin(), (req, res) => adminView(req, res, NOTICES[str(req.query.wynik, 20)]));

  router.post('/admin/konta/:id/odblokuj', verifyCsrf, requireAdmin(), async (req, res) => {
    const target = await deps.admin.target(session(res).user, String(req.params.id));
    await deps.admin.unblock(req, session(res).user, target.id);
    res.redirect(303, `/admin?login=${encodeURIComponent(target.login)}&wynik=odblokowano`);
  });

  router.post('/admin/konta/:id/wyloguj', verifyCsrf, requireAdmin(), async (req, res) => {
    const target = await deps.admin.target(session(res).user, String(req.params.id));
    await deps.admin.revokeSessions(req, session(res).user, target.id);
    res.redirect(303, `/admin?login=${encodeURIComponent(target.login)}&wynik=wylogowano`);
  });

  return router;
}
