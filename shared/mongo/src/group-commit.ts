import { MongoBulkWriteError } from 'mongodb';

/**
 * Group commit: calls made while a write is in flight wait and go together in the next write, so under load N
 * round trips (and N FerretDB transactions) become one, and an idle service still writes each call at once (no
 * timer, no added latency). Every caller's promise settles only after its own item is written.
 *
 * `write` gets the items in call order and returns one result per item: a value, or an Error for that item alone
 * (a duplicate key in an unordered insert, say). A thrown error fails the whole batch's callers.
 */
export function createGroupCommit<T, R>(write: (items: T[]) => Promise<(R | Error)[]>, maxBatch = 64): (item: T) => Promise<R> {
  let waiting: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  let writing = false;

  async function drain(): Promise<void> {
    writing = true;
    try {
      while (waiting.length > 0) {
        const batch = waiting.slice(0, maxBatch);
        waiting = waiting.slice(batch.length);
        try {
          const results = await write(batch.map((w) => w.item));
          for (const [i, w] of batch.entries()) {
            const r = results[i];
            if (r instanceof Error) w.reject(r);
            else if (i >= results.length) w.reject(new Error('group commit: no result for the item'));
            else w.resolve(r as R);
          }
        } catch (e) {
          for (const w of batch) w.reject(e);
        }
      }
    } finally {
      writing = false;
    }
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!writing) void drain();
    });
}

/**
 * Inserts `docs` unordered in one command: per document `true` (inserted), `false` (its `_id` was there already:
 * the earlier write is kept) or the Error that document alone met. Anything else (no connection) throws.
 */
export async function insertEachOnce<D extends { _id: unknown }>(
  coll: { insertMany(docs: D[], opts: { ordered: false }): Promise<unknown> },
  docs: D[],
): Promise<(boolean | Error)[]> {
  try {
    await coll.insertMany(docs, { ordered: false });
    return docs.map(() => true);
  } catch (e) {
    if (!(e instanceof MongoBulkWriteError)) throw e;
    const failed = new Map([e.writeErrors].flat().map((w) => [w.index, w]));
    return docs.map((_, i) => {
      const w = failed.get(i);
      if (!w) return true;
      return w.code === 11000 ? false : new Error(w.errmsg ?? `document ${i} not inserted`);
    });
  }
}
