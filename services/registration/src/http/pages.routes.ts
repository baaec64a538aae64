import { randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import QRCode from 'qrcode';
import { isAppError, zodIssuesToFieldErrors, CommonErrors } from '@cas/errors';
import { csrfToken, verifyCsrf } from '@cas/http';
import { correlationId } from '@cas/logger';
import { APPLICATION_STATUS } from '../domain/application.js';
import type { Catalogue } from '../domain/catalogue.js';
import type { buildApplicationInputSchema } from '../domain/application-input.js';
import {
  submitApplicationUseCase,
  type SubmitApplicationPorts,
  type SubmitApplicationSettings,
} from '../domain/submit-application.service.js';
import type { StoredApplication } from '../store/application.repository.js';
import type { PublicUnit } from '../store/unit.repository.js';
import { IDEMPOTENCY_KEY, numberFromPath, numberToPath } from './applications.routes.js';
import { fieldErrors, formGrants, formToInput, formValues, type FormBody } from './registration-form.js';
import { confirmationPage } from './views/confirmation.page.js';
import { helpPage } from './views/help.page.js';
import { printableFormPage } from './views/printable-form.page.js';
import { registrationFormPage, type RegistrationFormModel } from './views/registration-form.page.js';
import { startPage } from './views/start.page.js';
import { statusPage } from './views/status.page.js';

export interface PagesDeps {
  catalogue: Catalogue;
  ports: SubmitApplicationPorts;
  settings: SubmitApplicationSettings;
  inputSchema: ReturnType<typeof buildApplicationInputSchema>;
  searchUnits: (q: string) => Promise<PublicUnit[]>;
  findByNumberAndToken(number: string, token: string): Promise<StoredApplication | null>;
  statusByNumber(number: string): Promise<{ status: string; userId: string; timeline: { status: string; at: Date }[] } | null>;
  /** Whether the account an approved application creates is there yet (its user id is the applicant's). */
  accountExists(userId: string): Promise<boolean>;
}

const newKey = () => randomBytes(18).toString('base64url');
const send = (res: Response, page: string, status = 200) => res.status(status).type('html').send(page);

/** The portal's server-rendered pages (no JavaScript needed). */
export function pagesRoutes(deps: PagesDeps): Router {
  const router = Router();
  const { catalogue } = deps;

  router.get('/', (_req, res) => send(res, startPage()));
  router.get('/pomoc', (_req, res) => send(res, helpPage(catalogue)));
  router.get('/rejestracja', async (req, res) => {
    const query = typeof req.query.jednostka === 'string' ? req.query.jednostka.trim().slice(0, 100) : undefined;
    const model: RegistrationFormModel = {
      values: {},
      grants: new Set(),
      errors: {},
      csrf: csrfToken(req, res),
      idempotencyKey: newKey(),
      unitMode: 'new',
    };
    if (query !== undefined) {
      model.unitSearch =
        query.length < 3
          ? { query, results: [], error: 'Wpisz co najmniej 3 znaki: REGON, kod TERYT albo fragment nazwy.' }
          : { query, results: await deps.searchUnits(query) };
    }
    send(res, registrationFormPage(catalogue, model));
  });

  router.post('/rejestracja', verifyCsrf, async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as FormBody;
    const rerender = (errors: Record<string, string>, status: number) =>
      send(
        res,
        registrationFormPage(catalogue, {
          values: formValues(body),
          grants: formGrants(body),
          errors,
          csrf: csrfToken(req, res),
          idempotencyKey:
            typeof body.idempotencyKey === 'string' && IDEMPOTENCY_KEY.test(body.idempotencyKey) ? body.idempotencyKey : newKey(),
          unitMode: body.unitChoice && body.unitChoice !== 'new' ? 'existing' : 'new',
        }),
        status,
      );
    const parsed = deps.inputSchema.safeParse(formToInput(body));
    const errors = parsed.success ? {} : fieldErrors(zodIssuesToFieldErrors(parsed.error.issues));
    if (body['user.password'] !== body['user.passwordRepeat']) errors['user.passwordRepeat'] ??= 'Hasła nie są takie same.';
    if (!parsed.success || Object.keys(errors).length > 0) return rerender(errors, 400);
    const key = typeof body.idempotencyKey === 'string' && IDEMPOTENCY_KEY.test(body.idempotencyKey) ? body.idempotencyKey : undefined;
    try {
      const { application } = await submitApplicationUseCase(deps.ports, deps.settings, parsed.data, {
        ...(key ? { idempotencyKey: key } : {}),
        correlationId: correlationId(),
      });
      res.redirect(303, `/wnioski/${numberToPath(application.number)}/potwierdzenie?t=${application.formToken}`);
    } catch (e) {
      if (isAppError(e) && e.status < 500 && e.errors.length > 0) return rerender(fieldErrors(e.errors), e.status);
      throw e;
    }
  });

  const loadByToken = async (req: Request): Promise<StoredApplication> => {
    const number = numberFromPath(String(req.params.number ?? ''));
    const token = typeof req.query.t === 'string' ? req.query.t : '';
    const app = number && /^[A-Za-z0-9_-]{20,64}$/.test(token) ? await deps.findByNumberAndToken(number, token) : null;
    if (!app) throw CommonErrors.notFound();
    return app;
  };

  router.get('/wnioski/:number/potwierdzenie', async (req, res) => {
    const app = await loadByToken(req);
    const path = numberToPath(app.number);
    send(
      res,
      confirmationPage(
        {
          number: app.number,
          verificationCode: app.verificationCode,
          expiresAt: app.expiresAt,
          email: app.user.email,
          formHref: `/wnioski/${path}/formularz?t=${app.formToken}`,
          statusHref: `/status?number=${encodeURIComponent(app.number)}`,
        },
        catalogue.voivodeship(app.voivodeship),
      ),
    );
  });

  router.get('/wnioski/:number/formularz', async (req, res) => {
    const app = await loadByToken(req);
    const qr = await QRCode.toString(`CAS1|${app.number}|${app.verificationCode}`, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
    send(res, printableFormPage(app, catalogue, qr, `/wnioski/${numberToPath(app.number)}/naglowek.css?t=${app.formToken}`));
  });

  // The printed page header (CSS @page margin boxes): the number and code on every page, and "strona X z Y".
  // A stylesheet of its own because the CSP allows styles from this origin only, not inline.
  router.get('/wnioski/:number/naglowek.css', async (req, res) => {
    const app = await loadByToken(req);
    const label = `CAS — wniosek nr ${app.number} · kod ${app.verificationCode}`.replace(/["\\\n]/g, '');
    res
      .type('text/css')
      .send(
        `@page { @top-left { content: "${label}"; font: 8.5pt system-ui, "DejaVu Sans", sans-serif; color: #333; } ` +
          `@top-right { content: "strona " counter(page) " z " counter(pages); font: 8.5pt system-ui, "DejaVu Sans", sans-serif; color: #333; } }\n`,
      );
  });

  router.get('/status', async (req, res) => {
    const number = typeof req.query.number === 'string' ? req.query.number.trim().slice(0, 20) : '';
    if (!number) return send(res, statusPage({ number: '' }));
    if (!/^\d{2}\/\d{4}\/\d{6}$/.test(number))
      return send(res, statusPage({ number, error: 'Numer wniosku w formacie WW/RRRR/NNNNNN, np. 26/2026/000123.' }), 400);
    const found = await deps.statusByNumber(number);
    if (!found) return send(res, statusPage({ number, notFound: true }), 404);
    // Approval and the account are two steps: after a crash between them, the account follows within ack_wait.
    const accountPending = found.status === APPLICATION_STATUS.approved && !(await deps.accountExists(found.userId));
    send(res, statusPage({ number, result: { status: found.status, timeline: found.timeline, accountPending } }));
  });

  return router;
}
