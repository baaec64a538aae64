import { createHttpApp, type HttpApp, type ReadinessCheck } from '@cas/http';
import type { Logger } from '@cas/logger';
import { fileURLToPath } from 'node:url';
import { reviewRoutes, type ReviewRoutesDeps } from './http/review.routes.js';
import { pageRoutes } from './http/pages.routes.js';
import { loginNeededPage } from './http/views/review.page.js';

/** The admin UI's stylesheet. */
export const STATIC_DIR = fileURLToPath(new URL('../static', import.meta.url));

export interface ApprovalAppDeps {
  logger: Logger;
  production: boolean;
  readiness: Record<string, ReadinessCheck>;
  review: ReviewRoutesDeps;
  intakeUrl: string;
  /** Registration's login page: where the pages send a visitor without an admin session. */
  loginUrl: string;
}

/** The administrator's pages and the review API; health and metrics from the platform. */
export function createApp(deps: ApprovalAppDeps): HttpApp {
  const http = createHttpApp({
    service: 'approval',
    logger: deps.logger,
    production: deps.production,
    readiness: deps.readiness,
    staticDir: STATIC_DIR,
    renderErrorPage: (problem) => loginNeededPage(problem, deps.loginUrl),
  });
  http.app.use(reviewRoutes(deps.review));
  http.app.use(pageRoutes({ ...deps.review, intakeUrl: deps.intakeUrl }));
  http.finalize();
  return http;
}
