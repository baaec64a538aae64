import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { TokenVerifier } from '@cas/auth';
import { CommonErrors } from '@cas/errors';
import { adminMaySee, adminOf, parseBody, requireAdmin, requireJson, verifySameSite } from '@cas/http';
import { noStore, scopeOf } from './admin-scope.js';
import { currentGrants, PERMISSION_STATUS, type PermissionReview, type UserGrants } from '../domain/permission-review.js';
import type { PermissionReviewRepository, UserGrantsRepository } from '../store/permission-review.repository.js';
import type { PermissionDecisionRepository } from '../store/permission-decision.repository.js';
import { decidePermissionRequest, type PermissionDecisionInput } from './decide-permission.js';
import { decodeCursor, encodeCursor } from './queue-cursor.js';

export interface PermissionRoutesDeps {
  reviews: PermissionReviewRepository;
  userGrants: UserGrantsRepository;
  permissionDecisions: PermissionDecisionRepository;
  verifier: TokenVerifier;
}

export const listQuery = z.strictObject({
  status: z.enum(Object.values(PERMISSION_STATUS)).optional(),
  voivodeship: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  after: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
const tooLong = 'Uzasadnienie może mieć najwyżej 2000 znaków.';
export const approveInput = z.strictObject({ reason: z.string().trim().max(2000, tooLong).optional() });
export const rejectPermissionInput = z.strictObject({
  reason: z
    .string({ error: 'Podaj powód odrzucenia wniosku.' })
    .trim()
    .min(1, 'Podaj powód odrzucenia wniosku.')
    .max(2000, 'Powód może mieć najwyżej 2000 znaków.'),
});

/** What the API and the queue show of a review, with the user's grants now. */
export function permissionSummary(r: PermissionReview, grants: UserGrants | null) {
  return {
    requestId: r.requestId,
    status: r.status,
    voivodeship: r.voivodeship,
    user: r.user,
    targetUnit: r.targetUnit,
    subAreas: r.subAreas,
    justification: r.justification,
    submittedAt: r.submittedAt?.toISOString() ?? null,
    decision: r.decision,
    currentGrants: currentGrants(grants),
  };
}
export type PermissionSummary = ReturnType<typeof permissionSummary>;

/** The summaries of a page of reviews, with one read of the users' grants. */
export async function summaries(userGrants: UserGrantsRepository, reviews: PermissionReview[]): Promise<PermissionSummary[]> {
  const grants = await userGrants.getMany(reviews.flatMap((r) => (r.user ? [r.user.id] : [])));
  return reviews.map((r) => permissionSummary(r, (r.user && grants.get(r.user.id)) ?? null));
}

/** The review if this admin may see it; another voivodeship's request is 404, as if it did not exist. */
export async function visiblePermissionReview(reviews: PermissionReviewRepository, req: Request, res: Response): Promise<PermissionReview> {
  const review = await reviews.get(String(req.params.requestId).slice(0, 100));
  if (!review?.voivodeship || !adminMaySee(adminOf(res), review.voivodeship)) throw CommonErrors.notFound();
  return review;
}

/** Approve may come without a body; a body, when there is one, must be JSON (cross-site forms cannot send it). */
function jsonIfBody(req: Request, res: Response, next: NextFunction): void {
  if (Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding')) requireJson(req, res, next);
  else next();
}

/** The permission-review API (DESIGN §5.2): the queue, one review, approve and reject; admins, scoped by token. */
export function permissionReviewRoutes(deps: PermissionRoutesDeps): Router {
  const router = Router();
  const admin = requireAdmin(deps.verifier);

  router.get('/api/v1/permission-reviews', admin, async (req, res) => {
    const q = parseBody(listQuery, req.query);
    const claims = adminOf(res);
    const voivodeship = scopeOf(claims, q.voivodeship);
    const after = q.after ? decodeCursor(q.after) : null;
    if (q.after && !after) throw CommonErrors.validation([{ field: 'after', message: 'Niepoprawny kursor strony.' }]);
    const page = await deps.reviews.list({ voivodeship, status: q.status ?? null, after, limit: q.limit });
    noStore(res);
    res.json({
      items: await summaries(deps.userGrants, page.items),
      counts: await deps.reviews.countByStatus(voivodeship),
      next: page.next ? encodeCursor(page.next) : null,
    });
  });

  router.get('/api/v1/permission-reviews/:requestId', admin, async (req, res) => {
    const review = await visiblePermissionReview(deps.reviews, req, res);
    noStore(res);
    res.json((await summaries(deps.userGrants, [review]))[0]);
  });

  async function decide(req: Request, res: Response, input: PermissionDecisionInput): Promise<void> {
    const review = await visiblePermissionReview(deps.reviews, req, res);
    const decided = await decidePermissionRequest(deps, review, adminOf(res), input, req.ip ?? null);
    noStore(res);
    res.json((await summaries(deps.userGrants, [decided]))[0]);
  }

  router.post('/api/v1/permission-reviews/:requestId/approve', verifySameSite, jsonIfBody, admin, async (req, res) => {
    const input = parseBody(approveInput, req.body ?? {});
    await decide(req, res, { outcome: 'approved', reason: input.reason || null });
  });
  router.post('/api/v1/permission-reviews/:requestId/reject', verifySameSite, requireJson, admin, async (req, res) => {
    const input = parseBody(rejectPermissionInput, req.body);
    await decide(req, res, { outcome: 'rejected', reason: input.reason });
  });

  return router;
}
