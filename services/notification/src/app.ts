import { createHttpApp, type HttpApp, type ReadinessCheck } from '@cas/http';
import type { Logger } from '@cas/logger';

export interface NotificationAppDeps {
  logger: Logger;
  production: boolean;
  readiness: Record<string, ReadinessCheck>;
}

/** Health and metrics only for now; the failed-e-mails view arrives with issue #7. */
export function createApp(deps: NotificationAppDeps): HttpApp {
  const http = createHttpApp({ service: 'notification', logger: deps.logger, production: deps.production, readiness: deps.readiness });
  http.finalize();
  return http;
}
