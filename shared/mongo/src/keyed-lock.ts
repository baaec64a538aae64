/**
 * Serialises async work per key inside one process. FerretDB 1.x applies an update as read-then-write
 * (docs/adr/0004), so two concurrent writes to one document can lose one of them; every writer of an
 * aggregate in a service (domain writes and the outbox relay) goes through the same lock for that document.
 * MongoDB does not need it, and it does not coordinate across replicas.
 */
export interface KeyedLock {
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

export function createKeyedLock(): KeyedLock {
  const tails = new Map<string, Promise<unknown>>();
  return {
    async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const current = previous.catch(() => undefined).then(fn);
      tails.set(key, current);
      try {
        return await current;
      } finally {
        if (tails.get(key) === current) tails.delete(key);
      }
    },
  };
}
