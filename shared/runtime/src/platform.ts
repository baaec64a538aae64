import { STREAMS } from '@cas/contracts';
import { createLogger, type Logger } from '@cas/logger';
import {
  connectMongo,
  createDeadLetterStore,
  createInbox,
  mongoReady,
  type Connection,
  type DeadLetterStore,
  type Inbox,
} from '@cas/mongo';
import { connectNats, createPublisher, ensureStream, natsReady, type NatsConnection, type Publisher } from '@cas/nats';
import { assertNoEviction, createRedis, redisReady, waitRedisReady, type Redis } from '@cas/queue';
import { createLifecycle, type Lifecycle, type ReadinessCheck } from '@cas/http';

/** The keys of `baseConfigShape` after parsing (see @cas/config). */
export interface PlatformConfig {
  NODE_ENV: 'production' | 'development' | 'test';
  LOG_LEVEL: string;
  MONGO_URL: string;
  MONGO_SERVER_SELECTION_TIMEOUT_MS: number;
  NATS_URL: string[];
  REDIS_URL: string;
  SHUTDOWN_TIMEOUT_MS: number;
  NATS_STREAM_REPLICAS: number;
}

export interface Platform {
  logger: Logger;
  lifecycle: Lifecycle;
  mongo: Connection;
  nc: NatsConnection;
  publisher: Publisher;
  inbox: Inbox;
  deadLetters: DeadLetterStore;
  /** Present when the service uses BullMQ: a worker-grade and a fail-fast producer connection. */
  redis?: { worker: Redis; producer: Redis };
  readiness: Record<string, ReadinessCheck>;
}

export interface PlatformOptions {
  service: string;
  dbName: string;
  config: PlatformConfig;
  useRedis: boolean;
}

/**
 * Connects a service to its infrastructure (its own database, NATS with every stream ensured, Redis when it
 * owns queues) and registers the matching shutdown steps. Fails fast: a dependency that does not answer at
 * start-up stops the process with a clear log line, and the orchestrator restarts it.
 */
export async function startPlatform(opts: PlatformOptions): Promise<Platform> {
  const { config } = opts;
  const logger = createLogger({ service: opts.service, level: config.LOG_LEVEL });
  const lifecycle = createLifecycle(logger, config.SHUTDOWN_TIMEOUT_MS);

  const mongo = await connectMongo({
    url: config.MONGO_URL,
    dbName: opts.dbName,
    logger,
    serverSelectionTimeoutMs: config.MONGO_SERVER_SELECTION_TIMEOUT_MS,
  });
  lifecycle.onShutdown('mongo', () => mongo.close());

  const nc = await connectNats({ servers: config.NATS_URL, name: opts.service, logger });
  lifecycle.onShutdown('nats', () => nc.drain());
  for (const spec of Object.values(STREAMS)) await ensureStream(nc, spec, { replicas: config.NATS_STREAM_REPLICAS });

  const readiness: Record<string, ReadinessCheck> = {
    mongo: () => mongoReady(mongo),
    nats: () => natsReady(nc),
  };

  let redis: Platform['redis'];
  if (opts.useRedis) {
    const worker = createRedis(config.REDIS_URL, 'worker', logger);
    const producer = createRedis(config.REDIS_URL, 'producer', logger);
    await Promise.all([waitRedisReady(worker), waitRedisReady(producer)]);
    await assertNoEviction(producer);
    redis = { worker, producer };
    lifecycle.onShutdown('redis', async () => {
      await Promise.allSettled([worker.quit(), producer.quit()]);
    });
    readiness.redis = () => redisReady(producer);
  }

  return {
    logger,
    lifecycle,
    mongo,
    nc,
    publisher: createPublisher(nc),
    inbox: createInbox(mongo),
    deadLetters: createDeadLetterStore(mongo),
    ...(redis ? { redis } : {}),
    readiness,
  };
}
