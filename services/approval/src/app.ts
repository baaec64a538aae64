import { createHttpApp, type HttpApp, type ReadinessCheck } from '@cas/http';
import type { Logger } from '@cas/logger';

export interface ApprovalAppDeps {
  logger: Logger;
  production: boolean;
  readiness: Record<string, ReadinessCheck>;
}

/** Health and metrics for now; the admin UI and review API arrive with issue #6. */
export function createApp(deps: ApprovalAppDeps): HttpApp {
  const http = createHttpApp({ service: 'approval', logger: deps.logger, production: deps.production, readiness: deps.readiness });
  http.finalize();
  return http;
}
