import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * The correlation context follows one piece of work across HTTP → NATS → BullMQ: HTTP middleware opens it
 * from `X-Correlation-Id` (or a new id), event publishers copy it into the CloudEvent `correlationid`,
 * consumers and job processors reopen it from there.
 */
export interface CorrelationContext {
  correlationId: string;
  /** The id of the event or job being handled, when there is one. */
  causationId?: string;
}

const storage = new AsyncLocalStorage<CorrelationContext>();

export function withCorrelation<T>(ctx: CorrelationContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentCorrelation(): CorrelationContext | undefined {
  return storage.getStore();
}

/** The current correlation id, or a fresh one when the work started outside any context. */
export function correlationId(): string {
  return storage.getStore()?.correlationId ?? randomUUID();
}

const SAFE_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Accepts an incoming id only when it is a short token: never trust a header to be well-formed. */
export function sanitizeCorrelationId(raw: unknown): string | undefined {
  return typeof raw === 'string' && SAFE_ID.test(raw) ? raw : undefined;
}
