/**
 * Settles as `work` does, or rejects with `Error(message)` after `ms`. The timer is cleared either way: one left
 * pending per call (what `Promise.race` with a bare `setTimeout` does) piles up under load, a closure and a timer
 * per queue add or readiness probe for the whole `ms`.
 */
export async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
