import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger, withCorrelation, currentCorrelation } from '@cas/logger';
import { startInfra, waitFor, type Infra } from '@cas/testing';
import {
  assertNoEviction,
  assertProcessors,
  createRedis,
  createTypedQueue,
  createTypedWorker,
  defineQueue,
  redisReady,
  waitRedisReady,
  type Redis,
} from '../src/index.js';

const logger = createLogger({ service: 'test', level: 'silent' });
const q = defineQueue('test-things', {
  'do-thing': z.strictObject({ n: z.number() }),
  'other-thing': z.strictObject({}),
});
let infra: Infra;
let worker: Redis;
let producer: Redis;

beforeAll(async () => {
  infra = await startInfra({ only: ['redis'] });
  worker = createRedis(infra.redisUrl, 'worker', logger);
  producer = createRedis(infra.redisUrl, 'producer', logger);
  await Promise.all([waitRedisReady(worker), waitRedisReady(producer)]);
});
afterAll(async () => {
  worker?.disconnect();
  producer?.disconnect();
  await infra?.stop();
});

describe('job map', () => {
  it('rejects names that are not <service>-<purpose> / verb-noun', () => {
    expect(() => defineQueue('Things', {})).toThrow();
    expect(() => defineQueue('svc-things', { doThing: z.object({}) })).toThrow();
  });

  it('requires exactly one processor per job, and none for unknown jobs or queues', () => {
    const noop = async () => undefined;
    expect(() => assertProcessors([q], { 'test-things': { 'do-thing': noop, 'other-thing': noop } })).not.toThrow();
    expect(() => assertProcessors([q], { 'test-things': { 'do-thing': noop } })).toThrow(/other-thing has no processor/);
    expect(() => assertProcessors([q], { 'test-things': { 'do-thing': noop, 'other-thing': noop, extra: noop } })).toThrow(/unknown job/);
    expect(() => assertProcessors([q, q], { 'test-things': { 'do-thing': noop, 'other-thing': noop } })).toThrow(/more than one/);
    expect(() => assertProcessors([q], { 'test-things': { 'do-thing': noop, 'other-thing': noop }, nope: {} })).toThrow(/unknown queue/);
  });
});

describe('queues on a real Redis', () => {
  it('accepts a Redis with noeviction and refuses one that may evict keys', async () => {
    await expect(assertNoEviction(producer)).resolves.toBeUndefined();
    await producer.config('SET', 'maxmemory-policy', 'allkeys-lru');
    await expect(assertNoEviction(producer)).rejects.toMatchObject({ code: 'QUEUE.REDIS_EVICTION' });
    await producer.config('SET', 'maxmemory-policy', 'noeviction');
  });

  it('runs typed jobs once per job id, with the producer’s correlation id restored', async () => {
    const queue = await createTypedQueue(q, producer, logger);
    const seen: { n: number; corr: string | undefined }[] = [];
    const w = createTypedWorker(
      q,
      {
        'do-thing': async ({ n }) => void seen.push({ n, corr: currentCorrelation()?.correlationId }),
        'other-thing': async () => undefined,
      },
      worker,
      logger,
    );
    await withCorrelation({ correlationId: 'corr-42' }, async () => {
      await queue.add('do-thing', { n: 1 }, { jobId: 'thing-1' });
      await queue.add('do-thing', { n: 1 }, { jobId: 'thing-1' });
    });
    await waitFor('job ran', async () => seen.length >= 1, 10_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual([{ n: 1, corr: 'corr-42' }]);
    await expect(queue.add('do-thing', { n: 2 }, { jobId: 'a:b' })).rejects.toThrow(/must not contain ':'/);
    await expect(queue.add('do-thing', { n: 'x' } as never)).rejects.toThrow();
    await w.close();
    await queue.close();
  });

  it('fails a job with a malformed payload without retrying it', async () => {
    const queue = await createTypedQueue(q, producer, logger);
    let calls = 0;
    const w = createTypedWorker(q, { 'do-thing': async () => void calls++, 'other-thing': async () => undefined }, worker, logger);
    await queue.queue.add('do-thing', { payload: { n: 'not a number' }, meta: { correlationId: 'c' } }, { jobId: 'bad-1', attempts: 5 });
    await waitFor('job failed', async () => (await queue.queue.getJob('bad-1'))?.failedReason !== undefined, 10_000);
    const job = await queue.queue.getJob('bad-1');
    expect(job?.attemptsMade).toBe(1);
    expect(job?.failedReason).toMatch(/invalid payload/);
    expect(calls).toBe(0);
    await w.close();
    await queue.close();
  });

  it('makes producers fail fast with a 503 while Redis is down', async () => {
    const queue = await createTypedQueue(q, producer, logger, { addTimeoutMs: 1_000 });
    await infra.components.redis.kill();
    try {
      await waitFor('producer notices', async () => !(await redisReady(producer)), 5_000);
      const t = Date.now();
      await expect(queue.add('do-thing', { n: 3 })).rejects.toMatchObject({ status: 503, code: 'COMMON.DEPENDENCY_UNAVAILABLE' });
      expect(Date.now() - t).toBeLessThan(2_500);
    } finally {
      await infra.components.redis.start();
    }
    await waitFor('producer reconnects', () => redisReady(producer), 10_000);
    await expect(queue.add('do-thing', { n: 4 }, { jobId: 'after-outage' })).resolves.toBe('after-outage');
    await queue.close();
  });
});
