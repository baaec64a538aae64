import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { TokenVerifier } from '@cas/auth';
import { CommonErrors } from '@cas/errors';
import { adminMaySee, adminOf, parseBody, requireAdmin, requireJson, verifySameSite } from '@cas/http';
import { noStore, scopeOf } from './admin-scope.js';
import { REVIEW_STATUS, type ReviewItem } from '../domain/review-item.js';
import { REJECT_REASONS, type DecisionInput } from '../domain/decision.js';
import { decideApplication } from './decide.js';
import { encodeCursor } from './queue-cursor.js';
import { queueFilterShape, toQueueFilter } from './queue-filter.js';
import { toQueueEntry, type QueueEntry } from '../store/review-index.js';
import type { ReviewQueue } from '../store/review-index.sync.js';
import type { ReviewItemRepository } from '../store/review-item.repository.js';
import type { DecisionRepository } from '../store/decision.repository.js';

export interface ReviewRoutesDeps {
  items: ReviewItemRepository;
  /** The queue index (list, counts): in memory, see store/review-index.ts. */
  queue: ReviewQueue;
  decisions: DecisionRepository;
  verifier: TokenVerifier;
  warnAfterDays: number;
}

const DAY_MS = 86_400_000;
export const listQuery = z.strictObject({
  ...queueFilterShape,
  voivodeship: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export const rejectInput = z.strictObject({
  reasonCode: z.enum(Object.keys(REJECT_REASONS) as [keyof typeof REJECT_REASONS, ...(keyof typeof REJECT_REASONS)[]]),
  reasonText: z.string().trim().max(2000).default(''),
});

/** What the queue shows of an item. */
export function summary(item: QueueEntry, warnAfterDays: number, now = Date.now()) {
  const daysWaiting = Math.floor((now - item.submittedAt.getTime()) / DAY_MS);
  const open = item.status === REVIEW_STATUS.awaitingDocument || item.status === REVIEW_STATUS.readyForReview;
  return {
    applicationId: item.applicationId,
    number: item.number,
    status: item.status,
    voivodeship: item.voivodeship,
    kind: item.kind,
    unit: item.unit,
    user: item.user,
    areas: item.areas,
    submittedAt: item.submittedAt.toISOString(),
    daysWaiting,
    overdue: open && daysWaiting > warnAfterDays,
    scans: item.scans,
  };
}

/** The review API (DESIGN §5.2): the queue, one item, approve and reject. Admins only, scoped by the token. */
export function reviewRoutes(deps: ReviewRoutesDeps): Router {
  const router = Router();
  const admin = requireAdmin(deps.verifier);

  const visibleItem = (req: Request, res: Response) => visibleReviewItem(deps.items, req, res);

  router.get('/api/v1/review-items', admin, async (req, res) => {
    const q = parseBody(listQuery, req.query);
    const voivodeship = scopeOf(adminOf(res), q.voivodeship);
    const page = deps.queue.list(toQueueFilter(q, voivodeship, q.limit));
    noStore(res);
    res.json({
      items: page.items.map((i) => summary(i, deps.warnAfterDays)),
      counts: deps.queue.countByStatus(voivodeship),
      next: page.next ? encodeCursor(page.next) : null,
    });
  });

  router.get('/api/v1/review-items/:applicationId', admin, async (req, res) => {
    const item = await visibleItem(req, res);
    noStore(res);
    res.json({
      ...summary(toQueueEntry(item)!, deps.warnAfterDays),
      item: { ...item, submittedAt: item.submittedAt?.toISOString(), expiresAt: item.expiresAt?.toISOString() },
    });
  });

  async function decide(req: Request, res: Response, input: DecisionInput): Promise<void> {
    const item = await visibleItem(req, res);
    const decided = await decideApplication(deps, item, adminOf(res), input, req.ip ?? null);
    res.json(summary(toQueueEntry(decided)!, deps.warnAfterDays));
  }

  router.post('/api/v1/review-items/:applicationId/approve', verifySameSite, admin, (req, res) =>
    decide(req, res, { outcome: 'approved' }),
  );
  router.post('/api/v1/review-items/:applicationId/reject', verifySameSite, requireJson, admin, async (req, res) => {
    const input = parseBody(rejectInput, req.body);
    await decide(req, res, { outcome: 'rejected', reasonCode: input.reasonCode, reasonText: input.reasonText || null });
  });

  return router;
}

/** The item if this admin may see it; another voivodeship's item is 404, as if it did not exist. */
export async function visibleReviewItem(items: ReviewItemRepository, req: Request, res: Response): Promise<ReviewItem> {
  const item = await items.get(String(req.params.applicationId).slice(0, 100));
  if (!item?.number || !item.voivodeship || !adminMaySee(adminOf(res), item.voivodeship)) throw CommonErrors.notFound();
  return item;
}
