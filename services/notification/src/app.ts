import { Router } from 'express';
import type { TokenVerifier } from '@cas/auth';
import { adminOf, createHttpApp, requireAdmin, type HttpApp, type ReadinessCheck } from '@cas/http';
import type { Logger } from '@cas/logger';
import { templatePreviews } from './domain/templates/index.js';
import { deliveriesRoutes, type DeliveriesRoutesDeps } from './http/deliveries.routes.js';
import { previewPage } from './http/views/preview.page.js';
import { notificationOpenApi } from './http/openapi.js';

export interface NotificationAppDeps {
  logger: Logger;
  production: boolean;
  readiness: Record<string, ReadinessCheck>;
  deliveries: DeliveriesRoutesDeps;
  verifier: TokenVerifier;
  /** For the links in the sample e-mails of the preview. */
  portalBaseUrl: string;
  approvalUrl: string;
}

/**
 * Internal HTTP (no public route, ADR 0005): health and metrics, the failed-e-mails API the admin UI calls with
 * the administrator's token, and the template preview page the admin UI shows.
 */
export function createApp(deps: NotificationAppDeps): HttpApp {
  const http = createHttpApp({ service: 'notification', logger: deps.logger, production: deps.production, readiness: deps.readiness });
  const openapi = notificationOpenApi();
  http.app.get('/api/v1/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  http.app.use(deliveriesRoutes(deps.deliveries));
  const previews = Router();
  previews.get('/szablony', requireAdmin(deps.verifier), (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(previewPage(templatePreviews(deps.portalBaseUrl, deps.approvalUrl), { login: adminOf(res).login }));
  });
  http.app.use(previews);
  http.finalize();
  return http;
}
