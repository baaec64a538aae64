import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Schema } from 'mongoose';
import { createLogger } from '@cas/logger';
import { startInfra, type Infra } from '@cas/testing';
import { addQueryIndexes, backendOf, connectMongo, type Connection } from '../src/index.js';

/**
 * The FerretDB we build for local runs and CI carries two patches (deploy/local/ferretdb/patches): `_id`
 * lookups are index searches, also when the filter has other conditions. Without them every guarded update
 * read the whole collection. FerretDB's `explain` returns SQLite's query plan, which says SEARCH or SCAN.
 */
const logger = createLogger({ service: 'test', level: 'silent' });
let infra: Infra;
let conn: Connection;

beforeAll(async () => {
  infra = await startInfra({ only: ['mongo'] });
  conn = await connectMongo({ url: infra.mongoUrl, dbName: 'test_ferretdb_patches', logger });
  await conn.collection('docs').insertMany([
    { _id: 'a' as never, status: 'open' },
    { _id: 'b' as never, status: 'closed' },
  ]);
});
afterAll(async () => {
  await conn?.close();
  await infra?.stop();
});

async function plan(filter: Record<string, unknown>): Promise<string> {
  const res = await conn.db!.command({ explain: { find: 'docs', filter }, verbosity: 'queryPlanner' });
  return JSON.stringify(res.queryPlanner);
}

describe.runIf(process.env.CAS_TEST_INFRA !== 'containers')('FerretDB as built here', () => {
  it('is recognised as FerretDB', () => {
    expect(backendOf(conn)).toBe('ferretdb');
  });

  it('looks a document up by `_id` through the index', async () => {
    expect(await plan({ _id: 'a' })).toMatch(/SEARCH .* USING INDEX \S+__id_/);
  });

  it('still uses the `_id` index when the filter has other conditions, and applies them', async () => {
    expect(await plan({ _id: 'a', status: 'open' })).toMatch(/SEARCH .* USING INDEX \S+__id_/);
    expect(await conn.collection('docs').findOne({ _id: 'a' as never, status: 'closed' })).toBeNull();
    expect(await conn.collection('docs').findOne({ _id: 'a' as never, status: 'open' })).toMatchObject({ _id: 'a' });
    const res = await conn.collection('docs').updateOne({ _id: 'b' as never, status: 'open' }, { $set: { status: 'x' } });
    expect(res.modifiedCount).toBe(0);
  });

  it('gets no query-only indexes (it never uses them), only unique ones', async () => {
    const schema = new Schema({ _id: String, code: { type: String, unique: true }, teryt: String }, { collection: 'indexed' });
    addQueryIndexes(backendOf(conn), schema, [{ teryt: 1 }]);
    const Model = conn.model('Indexed', schema);
    await Model.init();
    const names = (await conn.collection('indexed').indexes()).map((i) => i.name);
    expect(names.sort()).toEqual(['_id_', 'code_1']);
  });
});
