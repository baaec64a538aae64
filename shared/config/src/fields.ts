import { z } from 'zod';

/** Reusable env field parsers: every one accepts the string form an env var has. */
export const env = {
  port: (def: number) => z.coerce.number().int().min(0).max(65535).default(def),
  positiveInt: (def: number) => z.coerce.number().int().positive().default(def),
  nonNegativeInt: (def: number) => z.coerce.number().int().min(0).default(def),
  url: (def?: string) => (def === undefined ? z.string().url() : z.string().url().default(def)),
  string: (def?: string) => (def === undefined ? z.string().min(1) : z.string().min(1).default(def)),
  bool: (def: boolean) =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .default(def ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  nodeEnv: () => z.enum(['production', 'development', 'test']).default('development'),
  /** Comma-separated list, e.g. `nats://a:4222,nats://b:4222`. */
  list: (def: string) =>
    z
      .string()
      .default(def)
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
} as const;

/** Keys every service reads: infrastructure addresses and operational knobs. */
export const baseConfigShape = {
  NODE_ENV: env.nodeEnv(),
  LOG_LEVEL: env.logLevel(),
  HTTP_HOST: env.string('127.0.0.1'),
  MONGO_URL: env.string('mongodb://127.0.0.1:27017'),
  /**
   * How long an operation waits for the database to be reachable before it fails (an API then answers 503 with
   * Retry-After). Short: a user should not wait long for "try again later", and consumers retry with backoff.
   */
  MONGO_SERVER_SELECTION_TIMEOUT_MS: env.positiveInt(2_000),
  NATS_URL: env.list('nats://127.0.0.1:4222'),
  NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  REDIS_URL: env.string('redis://127.0.0.1:6379'),
  SHUTDOWN_TIMEOUT_MS: env.positiveInt(10_000),
  /** Comma-separated names of fault points to crash at (tests only; ignored in production). */
  CAS_FAULT_POINTS: z.string().default(''),
} as const;
