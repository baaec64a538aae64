import { pino, type Logger, type LoggerOptions } from 'pino';
import { currentCorrelation } from './correlation.js';

/**
 * Paths never written to logs. Covers request bodies and headers as pino-http serialises them, and our own
 * objects. Keep this list when adding fields that carry secrets (DESIGN §7).
 */
export const REDACT_PATHS = [
  'password',
  'newPassword',
  'currentPassword',
  'temporaryPassword',
  'encryptedTemporaryPassword',
  'token',
  'apiKey',
  'secret',
  'totpSecret',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.temporaryPassword',
  '*.encryptedTemporaryPassword',
  '*.token',
  '*.apiKey',
  '*.secret',
  '*.totpSecret',
  'user.password',
  'data.user.password',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
];

export interface CreateLoggerOptions {
  service: string;
  level?: LoggerOptions['level'];
  /** Where to write; defaults to stdout. Tests pass a stream to assert on output. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(opts: CreateLoggerOptions): Logger {
  const options: LoggerOptions = {
    level: opts.level ?? 'info',
    base: { service: opts.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    mixin() {
      const ctx = currentCorrelation();
      if (!ctx) return {};
      return ctx.causationId ? { correlationId: ctx.correlationId, causationId: ctx.causationId } : { correlationId: ctx.correlationId };
    },
    formatters: { level: (label) => ({ level: label }) },
  };
  return opts.destination ? pino(options, opts.destination as pino.DestinationStream) : pino(options);
}

export type { Logger };
