import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError, isAppError } from '@cas/errors';
import { adminOf, csrfToken, requireAdmin, verifyCsrf } from '@cas/http';
import { noStore, pageWho, scopeOf } from './admin-scope.js';
import { PERMISSION_STATUS } from '../domain/permission-review.js';
import { decidePermissionRequest, type PermissionDecisionInput } from './decide-permission.js';
import {
  approveInput,
  rejectPermissionInput,
  summaries,
  visiblePermissionReview,
  type PermissionRoutesDeps,
} from './permission-reviews.routes.js';
import { decodeCursor, encodeCursor } from './queue-cursor.js';
import { permissionQueuePage, permissionReviewPage, type FormProblem } from './views/permission-reviews.page.js';

const queueQuery = z.object({
  status: z.enum(Object.values(PERMISSION_STATUS)).catch(PERMISSION_STATUS.pending),
  after: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/)
    .optional()
    .catch(undefined),
  ok: z.enum(['zatwierdzony', 'odrzucony']).optional().catch(undefined),
});

const NOTICES = {
  zatwierdzony: 'Wniosek o uprawnienia zatwierdzony. Użytkownik dostanie uprawnienia i e-mail.',
  odrzucony: 'Wniosek o uprawnienia odrzucony. Użytkownik dostanie e-mail z powodem.',
};

const formError = (field: 'confirm' | 'reason', message: string) =>
  new AppError('APPROVAL.FORM_INVALID', message, { status: 400, errors: [{ field, message }] });

/** The permission-review pages: the queue (`/uprawnienia`), one request, and its decision forms. */
export function permissionPageRoutes(deps: PermissionRoutesDeps): Router {
  const router = Router();
  const admin = requireAdmin(deps.verifier);

  router.get('/uprawnienia', admin, async (req, res) => {
    const q = queueQuery.parse(req.query);
    const claims = adminOf(res);
    const voivodeship = scopeOf(claims);
    const after = q.after ? decodeCursor(q.after) : null;
    const page = await deps.reviews.list({ voivodeship, status: q.status, after, limit: 50 });
    noStore(res);
    res.type('html').send(
      permissionQueuePage({
        who: pageWho(res),
        status: q.status,
        items: await summaries(deps.userGrants, page.items),
        counts: await deps.reviews.countByStatus(voivodeship),
        next: page.next ? encodeCursor(page.next) : null,
        notice: q.ok ? NOTICES[q.ok] : null,
      }),
    );
  });

  router.get('/uprawnienia/:requestId', admin, async (req, res) => {
    const review = await visiblePermissionReview(deps.reviews, req, res);
    noStore(res);
    const [summary] = await summaries(deps.userGrants, [review]);
    res.type('html').send(permissionReviewPage(summary!, { who: pageWho(res), csrf: csrfToken(req, res), problem: null }));
  });

  /** A decision from a form: done → the queue with a notice; refused → the page again, the message by its field. */
  async function decide(req: Request, res: Response, form: FormProblem['form'], input: () => PermissionDecisionInput): Promise<void> {
    const review = await visiblePermissionReview(deps.reviews, req, res);
    const body = req.body as Record<string, unknown>;
    try {
      await decidePermissionRequest(deps, review, adminOf(res), input(), req.ip ?? null);
      res.redirect(303, `/uprawnienia?ok=${form === 'approve' ? 'zatwierdzony' : 'odrzucony'}`);
    } catch (e) {
      if (!isAppError(e) || e.status >= 500) throw e;
      const field = e.errors[0]?.field;
      const problem: FormProblem = {
        form,
        field: field === 'confirm' || field === 'reason' ? field : null,
        message: e.errors[0]?.message ?? e.message,
        reason: typeof body.reason === 'string' ? body.reason.slice(0, 2000) : '',
      };
      const [summary] = await summaries(deps.userGrants, [(await deps.reviews.get(review.requestId)) ?? review]);
      noStore(res);
      res
        .status(e.status)
        .type('html')
        .send(permissionReviewPage(summary!, { who: pageWho(res), csrf: csrfToken(req, res), problem }));
    }
  }

  router.post('/uprawnienia/:requestId/zatwierdz', verifyCsrf, admin, (req, res) =>
    decide(req, res, 'approve', () => {
      const body = req.body as Record<string, unknown>;
      if (body.confirm !== 'tak') throw formError('confirm', 'Zaznacz potwierdzenie, zanim zatwierdzisz wniosek.');
      const parsed = approveInput.safeParse({ reason: body.reason ?? '' });
      if (!parsed.success) throw formError('reason', parsed.error.issues[0]?.message ?? 'Popraw uwagi.');
      return { outcome: 'approved', reason: parsed.data.reason || null };
    }),
  );
  router.post('/uprawnienia/:requestId/odrzuc', verifyCsrf, admin, (req, res) =>
    decide(req, res, 'reject', () => {
      const parsed = rejectPermissionInput.safeParse({ reason: (req.body as Record<string, unknown>).reason });
      if (!parsed.success) throw formError('reason', parsed.error.issues[0]?.message ?? 'Podaj powód odrzucenia wniosku.');
      return { outcome: 'rejected', reason: parsed.data.reason };
    }),
  );

  return router;
}
