import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '@cas/errors';
import { parseBody, requireJson } from '@cas/http';
import { correlationId } from '@cas/logger';
import type { buildApplicationInputSchema } from '../domain/application-input.js';
import {
  submitApplicationUseCase,
  type SubmitApplicationPorts,
  type SubmitApplicationSettings,
} from '../domain/submit-application.service.js';
import { printableFormPath, type Application } from '../domain/application.js';
import { normaliseEmail } from '../domain/identifiers.js';

export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,128}$/;

export interface ApplicationsRouteDeps {
  ports: SubmitApplicationPorts;
  settings: SubmitApplicationSettings;
  inputSchema: ReturnType<typeof buildApplicationInputSchema>;
  publicBaseUrl: string;
  statusByNumber(
    number: string,
  ): Promise<{ number: string; status: string; email: string; timeline: { status: string; at: Date }[] } | null>;
}

/** `26/2026/000123` ↔ `26-2026-000123` (the form of the number used in URL paths). */
export { numberToPath } from '../domain/application.js';
export const numberFromPath = (p: string) =>
  /^\d{2}-\d{4}-\d{6}$/.test(p) ? p.replace(/-/g, '/') : /^\d{2}\/\d{4}\/\d{6}$/.test(p) ? p : null;

export function applicationResponse(app: Application, baseUrl: string) {
  return {
    id: app.id,
    number: app.number,
    status: app.status,
    verificationCode: app.verificationCode,
    formUrl: `${baseUrl}${printableFormPath(app.number, app.formToken)}`,
    statusUrl: `${baseUrl}/status?number=${encodeURIComponent(app.number)}`,
  };
}

const statusQuery = z.strictObject({
  number: z.string().regex(/^\d{2}\/\d{4}\/\d{6}$/, 'Numer wniosku w formacie WW/RRRR/NNNNNN, np. 26/2026/000123.'),
  email: z.string().max(254),
});

const notFound = () =>
  new AppError('REGISTRATION.APPLICATION_NOT_FOUND', 'Nie znaleziono wniosku o tym numerze i adresie e-mail.', { status: 404 });

/** The application endpoints of DESIGN §5.2. Thin: parse → use case → shape the response. */
export function applicationsRoutes(deps: ApplicationsRouteDeps): Router {
  const router = Router();

  router.post('/api/v1/applications', requireJson, async (req, res) => {
    const key = req.get('idempotency-key');
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw new AppError('COMMON.BAD_IDEMPOTENCY_KEY', 'Nagłówek Idempotency-Key musi mieć 8–128 znaków: litery, cyfry, „-” lub „_”.', {
        status: 400,
        errors: [{ field: 'Idempotency-Key', message: 'Niepoprawny format klucza.' }],
      });
    }
    const input = parseBody(deps.inputSchema, req.body);
    const { application, replayed } = await submitApplicationUseCase(deps.ports, deps.settings, input, {
      ...(key ? { idempotencyKey: key } : {}),
      correlationId: correlationId(),
    });
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(201).location(`/api/v1/applications/${application.id}`).json(applicationResponse(application, deps.publicBaseUrl));
  });

  router.get('/api/v1/applications/status', async (req, res) => {
    const q = parseBody(statusQuery, req.query);
    const found = await deps.statusByNumber(q.number);
    // Same answer for an unknown number and a wrong e-mail: the pair is the key.
    if (!found || normaliseEmail(q.email)?.toLowerCase() !== found.email.toLowerCase()) throw notFound();
    res.json({ number: found.number, status: found.status, timeline: found.timeline.map((t) => ({ status: t.status, at: t.at })) });
  });

  return router;
}
