import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@cas/logger';
import { startInfra, type Infra } from '@cas/testing';
import { connectMongo, countBy, type Connection } from '../src/index.js';

/** Counts per value in one pass, against the real FerretDB (or MongoDB) of the harness. */
const logger = createLogger({ service: 'test', level: 'silent' });
let infra: Infra;
let conn: Connection;

beforeAll(async () => {
  infra = await startInfra({ only: ['mongo'] });
  conn = await connectMongo({ url: infra.mongoUrl, dbName: 'test_count_by', logger });
  await conn.collection('items').insertMany([
    { _id: '1' as never, status: 'open', region: '26' },
    { _id: '2' as never, status: 'open', region: '26' },
    { _id: '3' as never, status: 'closed', region: '26' },
    { _id: '4' as never, status: 'open', region: '14' },
    { _id: '5' as never, status: 'other', region: '26' },
    { _id: '6' as never, region: '26' },
  ]);
});
afterAll(async () => {
  await conn?.close();
  await infra?.stop();
});

describe('countBy', () => {
  it('counts the matching documents per listed value; unlisted and missing values are left out, absent ones are 0', async () => {
    const coll = conn.collection('items');
    expect(await countBy(coll, { region: '26' }, 'status', ['open', 'closed', 'archived'] as const)).toEqual({
      open: 2,
      closed: 1,
      archived: 0,
    });
    expect(await countBy(coll, {}, 'status', ['open'] as const)).toEqual({ open: 3 });
    expect(await countBy(coll, { region: '99' }, 'status', ['open'] as const)).toEqual({ open: 0 });
  });
});
