import { createHttpApp, type HttpApp, type ReadinessCheck } from '@cas/http';
import type { Logger } from '@cas/logger';

export interface IntakeAppDeps {
  logger: Logger;
  production: boolean;
  readiness: Record<string, ReadinessCheck>;
}

/** Health and metrics for now; the mailroom API (`/api/v1/scans`) arrives with issue #5. */
export function createApp(deps: IntakeAppDeps): HttpApp {
  const http = createHttpApp({ service: 'document-intake', logger: deps.logger, production: deps.production, readiness: deps.readiness });
  http.finalize();
  return http;
}
