/**
 * Redelivery policy of every durable consumer (DESIGN §6): finite attempts, exponential backoff with
 * jitter, capped. `max_deliver` on the server is the backstop; we dead-letter on the last attempt ourselves.
 */
export interface RetryPolicy {
  maxDeliver: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxDeliver: 20, baseDelayMs: 500, maxDelayMs: 60_000 };

/** Delay before delivery number `deliveryCount + 1`: base·2^(n-1), capped, ±20 % jitter. */
export function nakDelay(deliveryCount: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, deliveryCount - 1));
  const jitter = exp * 0.2 * (random() * 2 - 1);
  return Math.max(0, Math.round(exp + jitter));
}
