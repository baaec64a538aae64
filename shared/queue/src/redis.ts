import { Redis } from 'ioredis';
import { AppError, withTimeout } from '@cas/errors';
import type { Logger } from '@cas/logger';

/**
 * Two kinds of Redis connections (BullMQ's production guidance):
 * - `worker`: `maxRetriesPerRequest: null`, waits through outages (blocking commands must not error out);
 * - `producer`: no offline queue and one retry, so an HTTP request fails fast (503) while Redis is down
 *   instead of hanging.
 */
export function createRedis(url: string, role: 'worker' | 'producer', logger: Logger): Redis {
  const redis = new Redis(url, {
    lazyConnect: false,
    connectTimeout: 3_000,
    maxRetriesPerRequest: role === 'worker' ? null : 1,
    enableOfflineQueue: role === 'worker',
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  let warned = false;
  redis.on('error', (err) => {
    if (!warned) logger.warn({ err, role }, 'Redis connection problem');
    warned = true;
  });
  redis.on('ready', () => {
    if (warned) logger.info({ role }, 'Redis ready again');
    warned = false;
  });
  return redis;
}

/**
 * BullMQ loses jobs if Redis evicts keys: refuse to start unless `maxmemory-policy` is `noeviction`.
 * (Managed Redis services that forbid CONFIG must be configured so by their operator; set
 * REDIS_SKIP_EVICTION_CHECK=true there.)
 */
export async function assertNoEviction(redis: Redis): Promise<void> {
  if (process.env.REDIS_SKIP_EVICTION_CHECK === 'true') return;
  const res = (await redis.config('GET', 'maxmemory-policy')) as string[];
  const policy = res[1];
  if (policy !== 'noeviction') {
    throw new AppError('QUEUE.REDIS_EVICTION', `Redis maxmemory-policy is "${policy}", BullMQ needs "noeviction"`, {
      status: 500,
    });
  }
}

export async function redisReady(redis: Redis, timeoutMs = 1_000): Promise<boolean> {
  if (redis.status !== 'ready') return false;
  try {
    await withTimeout(redis.ping(), timeoutMs, 'timeout');
    return true;
  } catch {
    return false;
  }
}

/** Resolves once the connection is ready (start-up only; fails after `timeoutMs`). */
export function waitRedisReady(redis: Redis, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`Redis not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}

/**
 * A Lua script as a command of this connection: sent by its SHA1 (EVALSHA) and loaded once when Redis does not
 * know it yet (ioredis `defineCommand`), instead of the whole script with every call (EVAL).
 */
export function luaCommand(
  redis: Redis,
  name: string,
  lua: string,
  numberOfKeys: number,
): (...keysThenArgs: (string | number)[]) => Promise<unknown> {
  const commands = redis as unknown as Record<string, ((...a: (string | number)[]) => Promise<unknown>) | undefined>;
  if (!commands[name]) redis.defineCommand(name, { numberOfKeys, lua });
  const command = commands[name]!;
  return (...keysThenArgs) => command.call(redis, ...keysThenArgs);
}
