import { createHttpApp, type HttpApp, type ReadinessCheck } from '@cas/http';
import type { Logger } from '@cas/logger';
import { applicationsRoutes, type ApplicationsRouteDeps } from './http/applications.routes.js';

export interface RegistrationAppDeps {
  logger: Logger;
  production: boolean;
  readiness: Record<string, ReadinessCheck>;
  applications: ApplicationsRouteDeps;
}

/** Builds the HTTP app; never listens (main.ts does). */
export function createApp(deps: RegistrationAppDeps): HttpApp {
  const http = createHttpApp({ service: 'registration', logger: deps.logger, production: deps.production, readiness: deps.readiness });
  http.app.use(applicationsRoutes(deps.applications));
  http.finalize();
  return http;
}
