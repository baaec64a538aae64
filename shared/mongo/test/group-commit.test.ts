import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@cas/logger';
import { startInfra, type Infra } from '@cas/testing';
import { connectMongo, createGroupCommit, insertEachOnce, type Connection } from '../src/index.js';

/** A writer whose writes finish only when the test says so, recording the batches it was given. */
function gatedWriter() {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  const write = async (items: number[]) => {
    batches.push(items);
    await new Promise<void>((resolve) => gates.push(resolve));
    return items.map((i) => (i < 0 ? new Error(`bad ${i}`) : i * 10));
  };
  const release = async () => {
    while (gates.length === 0) await new Promise((r) => setImmediate(r));
    gates.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  return { batches, write, release };
}

describe('createGroupCommit', () => {
  it('writes the first call at once, groups the calls made during that write, and answers each caller with its own result', async () => {
    const w = gatedWriter();
    const commit = createGroupCommit(w.write);
    const first = commit(1);
    const later = Promise.allSettled([commit(2), commit(-3), commit(4)]);
    expect(w.batches).toEqual([[1]]);
    await w.release();
    expect(w.batches).toEqual([[1], [2, -3, 4]]);
    await w.release();
    expect(await first).toBe(10);
    const settled = await later;
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([20, 'bad -3', 40]);
  });

  it('splits a long queue into batches of at most maxBatch, and a failed write fails only its own batch', async () => {
    let calls = 0;
    const commit = createGroupCommit(async (items: number[]) => {
      calls++;
      if (calls === 2) throw new Error('connection lost');
      return items;
    }, 2);
    const all = await Promise.allSettled([1, 2, 3, 4, 5].map((i) => commit(i)));
    // Batches: [1], [2, 3] (fails), [4, 5].
    expect(all.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled']);
    expect(calls).toBe(3);
  });
});

describe('insertEachOnce (real FerretDB or MongoDB)', () => {
  const logger = createLogger({ service: 'test', level: 'silent' });
  let infra: Infra;
  let conn: Connection;
  beforeAll(async () => {
    infra = await startInfra({ only: ['mongo'] });
    conn = await connectMongo({ url: infra.mongoUrl, dbName: 'test_group_commit', logger });
  });
  afterAll(async () => {
    await conn?.close();
    await infra?.stop();
  });

  it('inserts the new documents, answers false for an _id already there and keeps the earlier document', async () => {
    const coll = conn.collection<{ _id: string; v: number }>('claims');
    expect(await insertEachOnce(coll, [{ _id: 'a', v: 1 }])).toEqual([true]);
    expect(
      await insertEachOnce(coll, [
        { _id: 'b', v: 2 },
        { _id: 'a', v: 99 },
        { _id: 'c', v: 3 },
        { _id: 'b', v: 98 },
      ]),
    ).toEqual([true, false, true, false]);
    const docs = await coll.find({}).sort({ _id: 1 }).toArray();
    expect(docs).toEqual([
      { _id: 'a', v: 1 },
      { _id: 'b', v: 2 },
      { _id: 'c', v: 3 },
    ]);
  });
});
