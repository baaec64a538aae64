import { createHttpApp, type HttpApp, type ReadinessCheck } from '@cas/http';
import type { Logger } from '@cas/logger';
import { fileURLToPath } from 'node:url';
import { reviewRoutes, type ReviewRoutesDeps } from './http/review.routes.js';
import { pageRoutes } from './http/pages.routes.js';
import { loginNeededPage } from './http/views/review.page.js';
import { permissionReviewRoutes, type PermissionRoutesDeps } from './http/permission-reviews.routes.js';
import { permissionPageRoutes } from './http/permission-pages.routes.js';
import { scanRoutes, type ScanRoutesDeps } from './http/scans.routes.js';
import type { ReviewQueue } from './store/review-index.sync.js';
import { unmatchedPageRoutes } from './http/unmatched-pages.routes.js';
import { auditRoutes, type AuditRoutesDeps } from './http/audit.routes.js';
import { failedEmailsPageRoutes, type FailedEmailsDeps } from './http/failed-emails-pages.routes.js';
import { approvalOpenApi } from './http/openapi.js';

/** The admin UI's stylesheet. */
export const STATIC_DIR = fileURLToPath(new URL('../static', import.meta.url));

export interface ApprovalAppDeps {
  logger: Logger;
  production: boolean;
  readiness: Record<string, ReadinessCheck>;
  review: ReviewRoutesDeps;
  /** Permission requests ("Wnioskuj o rozszerzenie uprawnień"): the queue and the decisions. */
  permissions: PermissionRoutesDeps;
  /** The unmatched-scans inbox: assign to an application or set aside (the queue index finds the application). */
  scans: ScanRoutesDeps & { queue: ReviewQueue };
  audit: AuditRoutesDeps;
  /** Failed e-mails and the template preview, from notification. */
  failedEmails: FailedEmailsDeps;
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
  const openapi = approvalOpenApi();
  http.app.get('/api/v1/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  http.app.use(reviewRoutes(deps.review));
  http.app.use(pageRoutes({ ...deps.review, intakeUrl: deps.intakeUrl }));
  http.app.use(scanRoutes(deps.scans));
  http.app.use(unmatchedPageRoutes(deps.scans));
  http.app.use(auditRoutes(deps.audit));
  http.app.use(failedEmailsPageRoutes(deps.failedEmails));
  http.app.use(permissionReviewRoutes(deps.permissions));
  http.app.use(permissionPageRoutes(deps.permissions));
  http.finalize();
  return http;
}
