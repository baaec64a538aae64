export { createHttpApp, problemHandler, requireJson, type HttpApp, type HttpAppOptions } from './create-http-app.js';
export { securityHeaders } from './security-headers.js';
export { createMetrics, type Metrics } from './metrics.js';
export { runChecks, type ReadinessCheck } from './readiness.js';
export { createLifecycle, listen, closeServer, type Lifecycle } from './lifecycle.js';
export { parseBody } from './validate.js';
