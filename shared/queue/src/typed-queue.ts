import { Queue, Worker, UnrecoverableError, type Job, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { CommonErrors, withTimeout } from '@cas/errors';
import { correlationId, currentCorrelation, withCorrelation, type Logger } from '@cas/logger';
import type { JobName, JobPayload, QueueDefinition } from './job-map.js';

/** What travels in Redis: the payload plus the correlation context (DESIGN §11 logging). */
interface JobEnvelope {
  payload: unknown;
  meta: { correlationId: string; causationId?: string };
}

export interface TypedQueue<Q extends QueueDefinition> {
  readonly queue: Queue;
  /** Adds a job; `jobId` (no `:`) makes the add idempotent. Throws a 503 AppError fast when Redis is down. */
  add<N extends JobName<Q>>(job: N, payload: JobPayload<Q, N>, opts?: JobsOptions & { jobId?: string }): Promise<string>;
  /**
   * Creates or updates a repeatable job (BullMQ job scheduler); idempotent across replicas and restarts. `when` is
   * an interval in ms or a cron pattern in a time zone (`{pattern: '0 7 * * *', tz: 'Europe/Warsaw'}`).
   */
  schedule<N extends JobName<Q>>(
    schedulerId: string,
    when: number | { pattern: string; tz: string },
    job: N,
    payload: JobPayload<Q, N>,
  ): Promise<void>;
  counts(): Promise<Record<string, number>>;
  /** Holds back every worker of the queue (all replicas) for `ms`; pair with throwing `rateLimited()` in the job. */
  rateLimit(ms: number): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
};

/**
 * Creates the queue and initialises it while Redis is up: BullMQ initialises lazily on first use and keeps
 * a failed initialisation, so a queue first used during an outage would stay broken after Redis returns.
 */
export async function createTypedQueue<Q extends QueueDefinition>(
  def: Q,
  connection: Redis,
  logger: Logger,
  opts: { addTimeoutMs?: number; defaultJobOptions?: JobsOptions } = {},
): Promise<TypedQueue<Q>> {
  const queue = new Queue(def.name, { connection, defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, ...opts.defaultJobOptions } });
  queue.on('error', (err) => logger.warn({ err, queue: def.name }, 'queue error'));
  await queue.waitUntilReady();
  const timeout = opts.addTimeoutMs ?? 2_000;
  return {
    queue,
    async add(job, payload, jobOpts = {}) {
      if (jobOpts.jobId?.includes(':')) throw new Error(`job id must not contain ':' (${jobOpts.jobId})`);
      const parsed = def.jobs[job]?.parse(payload);
      const ctx = currentCorrelation();
      const data: JobEnvelope = {
        payload: parsed,
        meta: { correlationId: ctx?.correlationId ?? correlationId(), ...(ctx?.causationId ? { causationId: ctx.causationId } : {}) },
      };
      try {
        const added = await withTimeout(queue.add(job, data, jobOpts), timeout, 'Redis add timed out');
        return added.id ?? '';
      } catch (e) {
        throw CommonErrors.unavailable('redis', e);
      }
    },
    async schedule(schedulerId, when, job, payload) {
      const data: JobEnvelope = { payload: def.jobs[job]?.parse(payload), meta: { correlationId: schedulerId } };
      await queue.upsertJobScheduler(schedulerId, typeof when === 'number' ? { every: when } : when, { name: job, data });
    },
    counts: () => queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'),
    rateLimit: (ms) => queue.rateLimit(ms),
    close: () => queue.close(),
  };
}

export type Processors<Q extends QueueDefinition> = {
  [N in JobName<Q>]: (payload: JobPayload<Q, N>, job: Job) => Promise<unknown>;
};

export interface WorkerOptions {
  concurrency?: number;
  limiter?: { max: number; duration: number };
  /** How long a job's lock lasts (renewed while it runs); a crashed worker's job is retried after this. */
  lockDurationMs?: number;
  /** How often stalled jobs (their worker died) are looked for. */
  stalledIntervalMs?: number;
  /**
   * How many times a job may stall (its worker died holding it) before it fails. BullMQ's default of 1 fails a
   * job the second time a restart catches it, which a rolling deploy or two crashes in a row can do to an
   * innocent job; 5 still ends a poison job that kills every worker it lands on.
   */
  maxStalledCount?: number;
}

/**
 * A worker whose processors are typed per job. A payload failing its schema is unrecoverable (no retries);
 * the correlation context of the producer is restored around each job.
 */
export function createTypedWorker<Q extends QueueDefinition>(
  def: Q,
  processors: Processors<Q>,
  connection: Redis,
  logger: Logger,
  opts: WorkerOptions = {},
): Worker {
  const worker = new Worker(
    def.name,
    async (job: Job) => {
      const env = job.data as Partial<JobEnvelope>;
      const name = job.name as JobName<Q>;
      const schema = def.jobs[name];
      const proc = processors[name] as ((p: unknown, j: Job) => Promise<unknown>) | undefined;
      if (!schema || !proc) throw new UnrecoverableError(`unknown job ${job.name}`);
      const parsed = schema.safeParse(env?.payload);
      if (!parsed.success) throw new UnrecoverableError(`invalid payload for ${job.name}: ${parsed.error.message.slice(0, 500)}`);
      const meta = env.meta ?? { correlationId: job.id ?? 'unknown' };
      return withCorrelation({ correlationId: meta.correlationId, causationId: job.id ?? meta.causationId }, () => proc(parsed.data, job));
    },
    {
      connection,
      concurrency: opts.concurrency ?? 4,
      ...(opts.limiter ? { limiter: opts.limiter } : {}),
      ...(opts.lockDurationMs ? { lockDuration: opts.lockDurationMs } : {}),
      ...(opts.stalledIntervalMs ? { stalledInterval: opts.stalledIntervalMs } : {}),
      maxStalledCount: opts.maxStalledCount ?? 5,
      autorun: true,
    },
  );
  worker.on('error', (err) => logger.warn({ err, queue: def.name }, 'worker error'));
  worker.on('failed', (job, err) => logger.warn({ err, queue: def.name, jobId: job?.id, attempts: job?.attemptsMade }, 'job failed'));
  return worker;
}

export { UnrecoverableError };

/**
 * Thrown by a processor after `rateLimit(ms)`: the job goes back to waiting without using up an attempt (BullMQ's
 * manual rate limit; the worker needs a `limiter`).
 */
export const rateLimited = (): Error => Worker.RateLimitError();
