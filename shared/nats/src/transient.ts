/**
 * JetStream management calls at start-up (creating streams and consumers). In a cluster, creating an R3 stream or
 * consumer waits for its peers to agree, and a cluster electing a leader answers "temporarily unavailable" or not
 * at all. Such answers are retried for `withinMs` before start-up fails; anything else fails at once.
 */
export async function retryTransient<T>(call: () => Promise<T>, withinMs = 60_000): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      return await call();
    } catch (e) {
      if (!isTransient(e) || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

/** A request that timed out, or JetStream saying it has no leader yet (error code 10008, status 503). */
function isTransient(e: unknown): boolean {
  const err = e as { name?: string; api_error?: { code?: number; err_code?: number }; message?: string };
  return (
    err?.name === 'TimeoutError' ||
    err?.api_error?.code === 503 ||
    err?.api_error?.err_code === 10008 ||
    /timeout|temporarily unavailable/i.test(err?.message ?? '')
  );
}

/** The management API's request timeout: an R3 create on a busy 3-node cluster can take several seconds. */
export const JSM_TIMEOUT_MS = 10_000;
