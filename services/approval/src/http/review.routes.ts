import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { TokenVerifier } from '@cas/auth';
import { CommonErrors } from '@cas/errors';
import { adminMaySee, adminOf, parseBody, requireAdmin, requireJson, verifySameSite } from '@cas/http';
import { noStore, scopeOf } from './admin-scope.js';
import { REVIEW_STATUS, type ReviewItem } from '../domain/review-item.js';
import { REJECT_REASONS, type DecisionInput } from '../domain/decision.js';
import { decideApplication } from './decide.js';
import { decodeCursor, encodeCursor, type QueueCursor } from './queue-cursor.js';
import type { ReviewItemRepository } from '../store/review-item.repository.js';
import type { DecisionRepository } from '../store/decision.repository.js';

export interface ReviewRoutesDeps {
  items: ReviewItemRepository;
  decisions: DecisionRepository;
  verifier: TokenVerifier;
  warnAfterDays: number;
}

const DAY_MS = 86_400_000;
export const listQuery = z.strictObject({
  status: z.enum(Object.values(REVIEW_STATUS) as [string, ...string[]]).optional(),
  voivodeship: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  q: z.string().trim().min(1).max(200).optional(),
  after: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export const rejectInput = z.strictObject({
  reasonCode: z.enum(Object.keys(REJECT_REASONS) as [keyof typeof REJECT_REASONS, ...(keyof typeof REJECT_REASONS)[]]),
  reasonText: z.string().trim().max(2000).default(''),
});

/** The API refuses a cursor it did not make (400); the pages just start from the top. */
function parseCursor(s: string | undefined): QueueCursor | null {
  if (!s) return null;
  const cursor = decodeCursor(s);
  if (!cursor) throw CommonErrors.validation([{ field: 'after', message: 'Niepoprawny kursor strony.' }]);
  return cursor;
}

/** What the queue shows of an item. */
export function summary(item: ReviewItem, warnAfterDays: number, now = Date.now()) {
  const daysWaiting = item.submittedAt ? Math.floor((now - item.submittedAt.getTime()) / DAY_MS) : 0;
  const open = item.status === REVIEW_STATUS.awaitingDocument || item.status === REVIEW_STATUS.readyForReview;
  return {
    applicationId: item.applicationId,
    number: item.number,
    status: item.status,
    voivodeship: item.voivodeship,
    kind: item.kind,
    unit: item.unit ? { name: item.unit.name, regon: item.unit.regon, type: item.unit.type } : null,
    user: item.user ? { name: `${item.user.firstName} ${item.user.lastName}`, login: item.user.login } : null,
    submittedAt: item.submittedAt?.toISOString() ?? null,
    daysWaiting,
    overdue: open && daysWaiting > warnAfterDays,
    scans: item.scans.length,
  };
}

/** The review API (DESIGN §5.2): the queue, one item, approve and reject. Admins only, scoped by the token. */
export function reviewRoutes(deps: ReviewRoutesDeps): Router {
  const router = Router();
  const admin = requireAdmin(deps.verifier);

  const visibleItem = (req: Request, res: Response) => visibleReviewItem(deps.items, req, res);

  router.get('/api/v1/review-items', admin, async (req, res) => {
    const q = parseBody(listQuery, req.query);
    const claims = adminOf(res);
    const voivodeship = scopeOf(claims, q.voivodeship);
    const page = await deps.items.list({
      voivodeship,
      status: (q.status as ReviewItem['status'] | undefined) ?? null,
      text: q.q ?? null,
      after: parseCursor(q.after),
      limit: q.limit,
    });
    noStore(res);
    res.json({
      items: page.items.map((i) => summary(i, deps.warnAfterDays)),
      counts: await deps.items.countByStatus(voivodeship),
      next: page.next ? encodeCursor(page.next) : null,
    });
  });

  router.get('/api/v1/review-items/:applicationId', admin, async (req, res) => {
    const item = await visibleItem(req, res);
    noStore(res);
    res.json({
      ...summary(item, deps.warnAfterDays),
      item: { ...item, submittedAt: item.submittedAt?.toISOString(), expiresAt: item.expiresAt?.toISOString() },
    });
  });

  async function decide(req: Request, res: Response, input: DecisionInput): Promise<void> {
    const item = await visibleItem(req, res);
    const decided = await decideApplication(deps, item, adminOf(res), input, req.ip ?? null);
    res.json(summary(decided, deps.warnAfterDays));
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
