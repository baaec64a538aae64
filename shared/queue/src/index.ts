export { createRedis, assertNoEviction, luaCommand, redisReady, waitRedisReady } from './redis.js';
export { defineQueue, assertProcessors, type QueueDefinition, type JobName, type JobPayload } from './job-map.js';
export {
  createTypedQueue,
  createTypedWorker,
  DEFAULT_JOB_OPTIONS,
  UnrecoverableError,
  rateLimited,
  type TypedQueue,
  type Processors,
  type WorkerOptions,
} from './typed-queue.js';
export type { Redis } from 'ioredis';
export type { Worker, Job } from 'bullmq';
