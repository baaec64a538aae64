import { Router } from 'express';
import { AppError } from '@cas/errors';
import { parseBody, requireJson } from '@cas/http';
import { correlationId } from '@cas/logger';
import { applicationInputSchema } from '../domain/application-input.js';
import {
  submitApplicationUseCase,
  type SubmitApplicationPorts,
  type SubmitApplicationSettings,
} from '../domain/submit-application.service.js';
import type { Application } from '../domain/application.js';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,128}$/;

export interface ApplicationsRouteDeps {
  ports: SubmitApplicationPorts;
  settings: SubmitApplicationSettings;
  publicBaseUrl: string;
}

export function applicationResponse(app: Application, baseUrl: string) {
  const number = encodeURIComponent(app.number);
  return {
    id: app.id,
    number: app.number,
    status: app.status,
    verificationCode: app.verificationCode,
    formUrl: `${baseUrl}/wnioski/${number}/formularz?t=${app.formToken}`,
    statusUrl: `${baseUrl}/status?number=${number}`,
  };
}

/** `POST /api/v1/applications` (DESIGN §5.2). Thin: parse → use case → shape the response. */
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
    const input = parseBody(applicationInputSchema, req.body);
    const { application, replayed } = await submitApplicationUseCase(deps.ports, deps.settings, input, {
      ...(key ? { idempotencyKey: key } : {}),
      correlationId: correlationId(),
    });
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(201).location(`/api/v1/applications/${application.id}`).json(applicationResponse(application, deps.publicBaseUrl));
  });
  return router;
}
