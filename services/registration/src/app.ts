import { fileURLToPath } from 'node:url';
import { createHttpApp, type HttpApp, type ReadinessCheck } from '@cas/http';
import type { Logger } from '@cas/logger';
import type { Catalogue } from './domain/catalogue.js';
import type { PublicUnit } from './store/unit.repository.js';
import { applicationsRoutes, type ApplicationsRouteDeps } from './http/applications.routes.js';
import { catalogueRoutes } from './http/catalogue.routes.js';
import { pagesRoutes, type PagesDeps } from './http/pages.routes.js';
import { authRoutes, type AuthRoutesDeps } from './http/auth.routes.js';
import { adminRoutes, type AdminRoutesDeps } from './http/admin.routes.js';
import { accountPages, type AccountPagesDeps } from './http/account.pages.js';
import type { Sessions } from './auth/sessions.js';
import { errorPage } from './http/views/start.page.js';

export interface RegistrationAppDeps {
  logger: Logger;
  production: boolean;
  readiness: Record<string, ReadinessCheck>;
  catalogue: Catalogue;
  searchUnits: (q: string) => Promise<PublicUnit[]>;
  applications: ApplicationsRouteDeps;
  pages: Omit<PagesDeps, 'catalogue' | 'searchUnits'>;
  /** Express `trust proxy` hops (0 = the socket's address is the client's). */
  trustProxyHops?: number;
  accounts: Omit<AuthRoutesDeps, 'catalogue'> &
    Omit<AdminRoutesDeps, 'actions'> &
    Omit<AccountPagesDeps, 'catalogue' | 'actions' | 'admin' | 'secondFactor' | 'sessions' | 'users' | 'audit'> & { sessions: Sessions };
}

export const STATIC_DIR = fileURLToPath(new URL('../static', import.meta.url));

/** Builds the HTTP app; never listens (main.ts does). */
export function createApp(deps: RegistrationAppDeps): HttpApp {
  const http = createHttpApp({
    service: 'registration',
    logger: deps.logger,
    production: deps.production,
    readiness: deps.readiness,
    staticDir: STATIC_DIR,
    renderErrorPage: errorPage,
  });
  http.app.set('trust proxy', deps.trustProxyHops ?? 0);
  const a = deps.accounts;
  http.app.use(a.sessions.middleware());
  http.app.use(catalogueRoutes(deps.catalogue, deps.searchUnits));
  http.app.use(authRoutes({ ...a, catalogue: deps.catalogue }));
  http.app.use(adminRoutes(a));
  http.app.use(accountPages({ ...a, catalogue: deps.catalogue }));
  http.app.use(applicationsRoutes(deps.applications));
  http.app.use(pagesRoutes({ ...deps.pages, catalogue: deps.catalogue, searchUnits: deps.searchUnits }));
  http.finalize();
  return http;
}
