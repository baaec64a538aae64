import { createHttpApp, type HttpApp, type ReadinessCheck } from '@cas/http';
import type { Logger } from '@cas/logger';
import { scanRoutes, type ScanRoutesDeps } from './http/scans.routes.js';
import { intakeOpenApi } from './http/openapi.js';

export interface IntakeAppDeps {
  logger: Logger;
  production: boolean;
  readiness: Record<string, ReadinessCheck>;
  scans: Omit<ScanRoutesDeps, 'logger'>;
}

/** The mailroom API, the scan file for admins, the OpenAPI document; health and metrics from the platform. */
export function createApp(deps: IntakeAppDeps): HttpApp {
  const http = createHttpApp({ service: 'document-intake', logger: deps.logger, production: deps.production, readiness: deps.readiness });
  const openapi = intakeOpenApi();
  http.app.get('/api/v1/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  http.app.use(scanRoutes({ ...deps.scans, logger: deps.logger }));
  http.finalize();
  return http;
}
