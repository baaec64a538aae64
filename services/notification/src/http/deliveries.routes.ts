import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { TokenVerifier } from '@cas/auth';
import { AppError, CommonErrors } from '@cas/errors';
import { adminMaySee, adminOf, decodePageCursor, encodePageCursor, parseBody, requireAdmin, verifySameSite } from '@cas/http';
import type { Delivery } from '../domain/delivery.js';
import type { DeliveryRepository } from '../store/delivery.repository.js';

export interface DeliveriesRoutesDeps {
  deliveries: DeliveryRepository;
  verifier: TokenVerifier;
  /** Puts a reopened delivery's job back on the queue (reconcile.job.ts). */
  requeue: (deliveryId: string) => Promise<unknown>;
}

export const failedQuery = z.strictObject({
  status: z.literal('failed').default('failed'),
  voivodeship: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  after: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,300}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** What an administrator sees of a failed e-mail (never the body: it may hold a personal message). */
export const failedView = (d: Delivery) => ({
  id: d.id,
  template: d.template,
  recipient: d.recipient,
  subject: d.subject,
  voivodeship: d.voivodeship,
  attempts: d.attempts,
  lastError: d.lastError ?? null,
  createdAt: d.createdAt.toISOString(),
  failedAt: d.failedAt?.toISOString() ?? null,
});

const encode = (c: { failedAt: Date; id: string }) => encodePageCursor({ at: c.failedAt, id: c.id });
function decode(s: string): { failedAt: Date; id: string } {
  const c = decodePageCursor(s);
  if (!c) throw CommonErrors.validation([{ field: 'after', message: 'Niepoprawny kursor strony.' }]);
  return { failedAt: c.at, id: c.id };
}

/** Only an administrator of the delivery's voivodeship, or the central one; anyone else gets 404 (DESIGN §7). */
const visible = (res: Response, d: Delivery | null): d is Delivery => {
  const admin = adminOf(res);
  return d !== null && (admin.role === 'central-admin' || (d.voivodeship !== null && adminMaySee(admin, d.voivodeship)));
};

/**
 * Failed e-mails for the administrators (issue #6 step 7, #7): the list (the approval UI shows it) and a retry.
 * Admin session from registration's token, as every admin API; scoped by the token's voivodeship.
 */
export function deliveriesRoutes(deps: DeliveriesRoutesDeps): Router {
  const router = Router();
  const admin = requireAdmin(deps.verifier);

  router.get('/api/v1/deliveries', admin, async (req, res) => {
    const q = parseBody(failedQuery, req.query);
    const claims = adminOf(res);
    const voivodeship = claims.role === 'central-admin' ? (q.voivodeship ?? null) : claims.voivodeship;
    if (claims.role !== 'central-admin' && !voivodeship) throw CommonErrors.notFound();
    const page = await deps.deliveries.listFailed({ voivodeship, limit: q.limit, after: q.after ? decode(q.after) : null });
    res.setHeader('Cache-Control', 'no-store');
    res.json({ items: page.items.map(failedView), next: page.next ? encode(page.next) : null });
  });

  router.post('/api/v1/deliveries/:id/retry', verifySameSite, admin, async (req: Request, res: Response) => {
    const id = String(req.params.id).slice(0, 300);
    const d = await deps.deliveries.get(id);
    if (!visible(res, d)) throw CommonErrors.notFound();
    if (!(await deps.deliveries.reopen(id, adminOf(res).login)))
      throw new AppError(
        'NOTIFICATION.NOT_FAILED',
        'Ten e-mail nie jest oznaczony jako niewysłany (wysłano go lub ponowiono już wysyłkę).',
        {
          status: 409,
        },
      );
    // Reopened in the ledger: if Redis cannot take the job now, the reconciler adds it within a minute or two.
    const queued = await deps.requeue(id).then(
      () => true,
      () => false,
    );
    res.status(202).json({ id, status: 'claimed', queued });
  });

  return router;
}
