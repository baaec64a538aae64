export { createHttpApp, problemHandler, requireJson, type HttpApp, type HttpAppOptions } from './create-http-app.js';
export { securityHeaders } from './security-headers.js';
export { createMetrics, type Metrics } from './metrics.js';
export { runChecks, type ReadinessCheck } from './readiness.js';
export { createLifecycle, listen, closeServer, type Lifecycle } from './lifecycle.js';
export { parseBody } from './validate.js';
export { html, raw, escapeHtml, SafeHtml } from './html.js';
export { readCookie, cookieSecure } from './cookies.js';
export { csrfToken, verifyCsrf, verifySameSite, csrfError, CSRF_COOKIE, CSRF_FIELD } from './csrf.js';
