import { createHttpApp, type HttpApp, type ReadinessCheck } from '@cas/http';
import type { Logger } from '@cas/logger';
import { reviewRoutes, type ReviewRoutesDeps } from './http/review.routes.js';

export interface ApprovalAppDeps {
  logger: Logger;
  production: boolean;
  readiness: Record<string, ReadinessCheck>;
  review: ReviewRoutesDeps;
}

/** The review API (the admin UI's pages arrive next, issue #6); health and metrics from the platform. */
export function createApp(deps: ApprovalAppDeps): HttpApp {
  const http = createHttpApp({ service: 'approval', logger: deps.logger, production: deps.production, readiness: deps.readiness });
  http.app.use(reviewRoutes(deps.review));
  http.finalize();
  return http;
}
