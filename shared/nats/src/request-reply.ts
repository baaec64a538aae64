import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import type { z } from 'zod';
import { AppError, CommonErrors, toProblem } from '@cas/errors';
import type { Logger } from '@cas/logger';

/**
 * Request/reply over core NATS for queries between services (DESIGN §3). Replies are
 * `{ok: true, data}` or `{ok: false, problem}`; a queue group spreads requests over replicas.
 */
export async function requestJson<T>(
  nc: NatsConnection,
  subject: string,
  body: unknown,
  schema: z.ZodType<T>,
  timeoutMs = 2_000,
): Promise<T> {
  let reply;
  try {
    reply = await nc.request(subject, JSON.stringify(body), { timeout: timeoutMs });
  } catch (e) {
    throw CommonErrors.unavailable(`nats:${subject}`, e);
  }
  const parsed = JSON.parse(reply.string()) as { ok: boolean; data?: unknown; problem?: { code: string; detail: string; status: number } };
  if (!parsed.ok) {
    const p = parsed.problem;
    throw new AppError(p?.code ?? 'COMMON.REMOTE', p?.detail ?? 'Błąd usługi zdalnej.', { status: p?.status ?? 502 });
  }
  return schema.parse(parsed.data);
}

export function serveJson<Req, Res>(
  nc: NatsConnection,
  subject: string,
  queue: string,
  schema: z.ZodType<Req>,
  handler: (req: Req) => Promise<Res>,
  logger: Logger,
): Subscription {
  return nc.subscribe(subject, {
    queue,
    callback: (err, msg) => {
      if (err) {
        logger.warn({ err, subject }, 'request subscription error');
        return;
      }
      void (async () => {
        try {
          const req = schema.safeParse(JSON.parse(msg.string()));
          if (!req.success) throw CommonErrors.validation([{ field: '(body)', message: req.error.message }]);
          msg.respond(JSON.stringify({ ok: true, data: await handler(req.data) }));
        } catch (e) {
          msg.respond(JSON.stringify({ ok: false, problem: toProblem(e) }));
        }
      })();
    },
  });
}
