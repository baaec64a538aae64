export { createLogger, REDACT_PATHS, type Logger, type CreateLoggerOptions } from './logger.js';
export { withCorrelation, currentCorrelation, correlationId, sanitizeCorrelationId, type CorrelationContext } from './correlation.js';
