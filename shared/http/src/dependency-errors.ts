import { CommonErrors, type AppError } from '@cas/errors';

/**
 * Errors that mean a server the service depends on is down or restarting, not that the request or the code is
 * wrong: the client gets 503 with Retry-After (DESIGN §6, "fail fast, don't hang"), not a 500. Found by the outage
 * test (test/faults/outages.test.ts), which stops each server in turn and probes every service.
 * - MongoDB/FerretDB: the driver's server selection timed out, connection refused or reset, pool cleared.
 * - Redis: producer connections have no offline queue (@cas/queue), so a call while Redis is away fails at once
 *   with one of ioredis's connection errors.
 * - Any other connection refused/reset/timed out on the way to a dependency.
 * NATS publish and request errors are already turned into 503 where they are called (@cas/nats).
 */
const MONGO_UNREACHABLE = /^Mongo(ose)?(ServerSelection|Network|NetworkTimeout|NotConnected|PoolCleared|TopologyClosed|ServerClosed)Error$/;
const REDIS_UNREACHABLE = /^(Stream isn't writeable|Connection is closed|Reached the max retries per request limit)/;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTCONN']);

type Cause = { name?: unknown; message?: unknown; code?: unknown; cause?: unknown } | undefined;

export function dependencyUnavailable(err: unknown): AppError | null {
  for (let e = err as Cause, depth = 0; e && depth < 4; e = e.cause as Cause, depth++) {
    const name = typeof e.name === 'string' ? e.name : '';
    const message = typeof e.message === 'string' ? e.message : '';
    if (MONGO_UNREACHABLE.test(name)) return CommonErrors.unavailable('mongodb', err);
    if (name === 'MaxRetriesPerRequestError' || REDIS_UNREACHABLE.test(message)) return CommonErrors.unavailable('redis', err);
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return CommonErrors.unavailable('network', err);
  }
  return null;
}
