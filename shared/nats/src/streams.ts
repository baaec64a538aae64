import { jetstreamManager, RetentionPolicy, StorageType, DiscardPolicy, type JetStreamManager } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/nats-core';
import { JSM_TIMEOUT_MS, retryTransient } from './transient.js';

export interface StreamSpec {
  name: string;
  subjects: readonly string[];
}

export interface EnsureStreamOptions {
  /** Replicas: 1 on a single server, 3 in a cluster. */
  replicas?: number;
  /** Duplicate window; must cover the outbox relay's retry horizon (DESIGN §5.1). */
  duplicateWindowMs?: number;
  /** How long events are kept; consumers that fall behind longer than this lose data. */
  maxAgeMs?: number;
}

export const DEFAULT_DUPLICATE_WINDOW_MS = 10 * 60_000;
export const DEFAULT_MAX_AGE_MS = 30 * 24 * 3600_000;

/**
 * Creates the stream or updates its mutable settings; safe to call from every replica at every start (a cluster
 * that is not ready yet is waited for: `retryTransient`).
 */
export async function ensureStream(nc: NatsConnection, spec: StreamSpec, opts: EnsureStreamOptions = {}): Promise<JetStreamManager> {
  const jsm = await jetstreamManager(nc, { timeout: JSM_TIMEOUT_MS });
  await retryTransient(() => createOrUpdate(jsm, spec, opts));
  return jsm;
}

async function createOrUpdate(jsm: JetStreamManager, spec: StreamSpec, opts: EnsureStreamOptions): Promise<void> {
  const config = {
    name: spec.name,
    subjects: [...spec.subjects],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    num_replicas: opts.replicas ?? 1,
    duplicate_window: nanos(opts.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS),
    max_age: nanos(opts.maxAgeMs ?? DEFAULT_MAX_AGE_MS),
  };
  try {
    await jsm.streams.info(spec.name);
    const { storage: _s, retention: _r, ...mutable } = config;
    await jsm.streams.update(spec.name, mutable);
  } catch (e) {
    if (!isNotFound(e)) throw e;
    try {
      await jsm.streams.add(config);
    } catch (addErr) {
      // Another replica created it between our info and add: that is fine.
      if (!/already in use|already exists/i.test(String(addErr))) throw addErr;
    }
  }
}

export function isNotFound(e: unknown): boolean {
  const err = e as { code?: unknown; api_error?: { err_code?: number }; message?: string };
  return (
    err?.api_error?.err_code === 10059 || err?.api_error?.err_code === 10014 || err?.code === '404' || /not found/i.test(err?.message ?? '')
  );
}
