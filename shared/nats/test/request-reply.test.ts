import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '@cas/errors';
import { createLogger } from '@cas/logger';
import { startInfra, type Infra } from '@cas/testing';
import { connectNats, requestJson, serveJson, type NatsConnection } from '../src/index.js';

const logger = createLogger({ service: 'test', level: 'silent' });
let infra: Infra;
let nc: NatsConnection;

beforeAll(async () => {
  infra = await startInfra({ only: ['nats'] });
  nc = await connectNats({ servers: [infra.natsUrl], name: 'test', logger });
});
afterAll(async () => {
  await nc?.drain();
  await infra?.stop();
});

describe('request/reply', () => {
  it('answers typed queries and carries coded errors back', async () => {
    serveJson(
      nc,
      'test.double',
      'q',
      z.object({ n: z.number() }),
      async ({ n }) => {
        if (n < 0) throw new AppError('TEST.NEGATIVE', 'Liczba ujemna.', { status: 422 });
        return { doubled: n * 2 };
      },
      logger,
    );
    await nc.flush();
    expect(await requestJson(nc, 'test.double', { n: 21 }, z.object({ doubled: z.number() }))).toEqual({ doubled: 42 });
    await expect(requestJson(nc, 'test.double', { n: -1 }, z.unknown())).rejects.toMatchObject({ code: 'TEST.NEGATIVE', status: 422 });
    await expect(requestJson(nc, 'test.double', { n: 'x' }, z.unknown())).rejects.toMatchObject({ status: 400 });
  });

  it('fails fast with a 503 AppError when nobody answers', async () => {
    const t = Date.now();
    await expect(requestJson(nc, 'test.nobody', {}, z.unknown(), 500)).rejects.toMatchObject({ status: 503 });
    expect(Date.now() - t).toBeLessThan(3_000);
  });
});
