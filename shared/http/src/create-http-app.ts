import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { pinoHttp } from 'pino-http';
import { randomUUID } from 'node:crypto';
import { CommonErrors, toProblem, toAppError, AppError, type ProblemDetails } from '@cas/errors';
import { sanitizeCorrelationId, withCorrelation, type Logger } from '@cas/logger';
import { securityHeaders } from './security-headers.js';
import { createMetrics, type Metrics } from './metrics.js';
import { runChecks, type ReadinessCheck } from './readiness.js';
import { dependencyUnavailable } from './dependency-errors.js';

export interface HttpAppOptions {
  service: string;
  logger: Logger;
  production: boolean;
  readiness: Record<string, ReadinessCheck>;
  /** JSON body limit (default 100 kB). */
  jsonLimit?: string;
  metrics?: Metrics;
  /** Renders problems as an HTML page for browser requests outside `/api/` (pages of the portal/admin UI). */
  renderErrorPage?: (problem: ProblemDetails) => string;
  /** Serves files from this folder at `/static` with a one-hour cache. */
  staticDir?: string;
}

export interface HttpApp {
  app: Express;
  metrics: Metrics;
  /** Call after mounting routes: 404 and the problem-JSON error handler. */
  finalize(): void;
  /** Set when the process is shutting down: `/readyz` answers 503 so load balancers drain it. */
  setShuttingDown(): void;
}

/**
 * The Express 5 app every service starts from: security headers, correlation id, request logs, body limits,
 * `/healthz`, `/readyz`, `/metrics`, and errors as RFC 9457 problem JSON (never a stack trace, never a 500
 * for bad input).
 */
export function createHttpApp(opts: HttpAppOptions): HttpApp {
  const app = express();
  const metrics = opts.metrics ?? createMetrics(opts.service);
  let shuttingDown = false;
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback, uniquelocal');
  app.set('query parser', 'simple');

  app.use(...securityHeaders({ production: opts.production }));
  app.use((req, res, next) => {
    const id = sanitizeCorrelationId(req.get('x-correlation-id')) ?? randomUUID();
    res.setHeader('X-Correlation-Id', id);
    (req as Request & { correlationId?: string }).correlationId = id;
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => end({ method: req.method, route: routeLabel(req), status: String(res.statusCode) }));
    withCorrelation({ correlationId: id }, () => next());
  });
  app.use(
    pinoHttp({
      logger: opts.logger,
      genReqId: (req) => (req as unknown as { correlationId?: string }).correlationId ?? randomUUID(),
      autoLogging: { ignore: (req) => ['/healthz', '/readyz', '/metrics'].includes(req.url ?? '') },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      // Small request lines: method, path and status; headers (cookies, tokens) are never logged.
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: opts.service });
  });
  app.get('/readyz', async (_req, res) => {
    const checks = await runChecks(opts.readiness);
    const ready = !shuttingDown && Object.values(checks).every(Boolean);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready', shuttingDown, checks });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  if (opts.staticDir) {
    app.use(
      '/static',
      express.static(opts.staticDir, {
        index: false,
        fallthrough: true,
        setHeaders: (res) => res.setHeader('Cache-Control', 'public, max-age=3600'),
      }),
    );
  }

  // JSON bodies only where a JSON content type is declared; everything else is rejected by requireJson().
  app.use(express.json({ limit: opts.jsonLimit ?? '100kb', strict: true, type: ['application/json', 'application/*+json'] }));
  // HTML forms: flat field names, bounded size and field count.
  app.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 300 }));

  return {
    app,
    metrics,
    setShuttingDown: () => {
      shuttingDown = true;
    },
    finalize() {
      app.use((_req, _res, next) => next(CommonErrors.notFound()));
      app.use(problemHandler(opts.logger, opts.renderErrorPage));
    },
  };
}

function routeLabel(req: Request): string {
  const route = (req as unknown as { route?: { path?: string } }).route?.path;
  return route ? `${req.baseUrl}${route}` : req.path.startsWith('/api/') ? 'unmatched-api' : 'other';
}

/** Maps body-parser failures to 4xx and everything else through AppError → problem JSON. */
export function problemHandler(logger: Logger, renderErrorPage?: (problem: ProblemDetails) => string) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const e = err as { type?: string; status?: number };
    let appErr: AppError;
    if (e?.type === 'entity.too.large') appErr = CommonErrors.payloadTooLarge();
    else if (e?.type === 'entity.parse.failed') appErr = CommonErrors.malformedBody();
    else if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported')
      appErr = CommonErrors.unsupportedMediaType('application/json; charset=utf-8');
    else if (e?.type === 'request.aborted' || e?.type === 'stream.not.readable')
      appErr = new AppError('COMMON.BAD_REQUEST', 'Żądanie zostało przerwane.', { status: 400 });
    else if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && !(err instanceof AppError))
      appErr = new AppError('COMMON.BAD_REQUEST', 'Niepoprawne żądanie.', { status: e.status });
    else appErr = dependencyUnavailable(err) ?? toAppError(err);
    if (appErr.status >= 500) logger.error({ err, code: appErr.code }, 'request failed');
    if (res.headersSent) {
      res.end();
      return;
    }
    const problem = toProblem(appErr, {
      instance: req.originalUrl.split('?')[0] ?? '',
      correlationId: (req as Request & { correlationId?: string }).correlationId ?? '',
    });
    if (appErr.status === 503) res.setHeader('Retry-After', '5');
    for (const [name, value] of Object.entries(appErr.headers)) res.setHeader(name, value);
    if (renderErrorPage && !req.path.startsWith('/api/') && req.accepts(['application/json', 'html']) === 'html') {
      res.status(problem.status).type('html').send(renderErrorPage(problem));
      return;
    }
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  };
}

/** 415 unless the request declares a JSON body. */
export function requireJson(req: Request, _res: Response, next: NextFunction): void {
  if (!req.is(['application/json', 'application/*+json'])) next(CommonErrors.unsupportedMediaType('application/json'));
  else next();
}
