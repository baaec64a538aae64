import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { TokenVerifier } from '@cas/auth';
import { AppError, isAppError } from '@cas/errors';
import { adminOf, csrfToken, requireAdmin, verifyCsrf } from '@cas/http';
import { noStore, pageWho, scopeOf } from './admin-scope.js';
import { REVIEW_STATUS } from '../domain/review-item.js';
import { ANY, type QueueEntry } from '../store/review-index.js';
import type { ReviewQueue } from '../store/review-index.sync.js';
import { UNMATCHED_STATUS, type UnmatchedScan } from '../store/unmatched-scan.repository.js';
import { assignScan, dismissScan, visibleUnmatchedScan, type ScanActionDeps } from './scan-actions.js';
import { unmatchedListPage, unmatchedScanPage } from './views/unmatched.page.js';

export interface UnmatchedPagesDeps extends ScanActionDeps {
  queue: ReviewQueue;
  verifier: TokenVerifier;
}

const listQuery = z.object({
  status: z.enum(Object.values(UNMATCHED_STATUS) as [string, ...string[]]).catch(UNMATCHED_STATUS.open),
  after: z
    .string()
    .regex(/^[0-9a-f-]{36}$/)
    .optional()
    .catch(undefined),
  ok: z.enum(['przypisany', 'odlozony']).optional().catch(undefined),
});
const scanQuery = z.object({ q: z.string().trim().max(200).catch('') });

const NOTICES = {
  przypisany: 'Skan przypisany do wniosku. Po potwierdzeniu przez przyjmowanie dokumentów wniosek trafi do rozpatrzenia.',
  odlozony: 'Skan odłożony jako niezwiązany z żadnym wnioskiem.',
};

/** Open applications of the scan's voivodeship matching the admin's search (candidates for an assignment). */
function candidates(deps: UnmatchedPagesDeps, scan: UnmatchedScan, q: string): QueueEntry[] {
  if (!q) return [];
  return [REVIEW_STATUS.awaitingDocument, REVIEW_STATUS.readyForReview].flatMap(
    (status) => deps.queue.list({ ...ANY, voivodeship: scan.voivodeship, status, text: q, limit: 10 }).items,
  );
}

/** The unmatched-scans inbox pages (server-rendered, Polish, work without JavaScript). */
export function unmatchedPageRoutes(deps: UnmatchedPagesDeps): Router {
  const router = Router();
  const admin = requireAdmin(deps.verifier);

  router.get('/skany-niedopasowane', admin, async (req, res) => {
    const q = listQuery.parse(req.query);
    const claims = adminOf(res);
    const voivodeship = scopeOf(claims);
    const page = await deps.unmatched.list({ voivodeship, status: q.status as never, after: q.after ?? null, limit: 50 });
    noStore(res);
    res.type('html').send(
      unmatchedListPage({
        who: pageWho(res),
        status: q.status,
        items: page.items,
        counts: await deps.unmatched.countByStatus(voivodeship),
        next: page.next,
        notice: q.ok ? NOTICES[q.ok] : null,
      }),
    );
  });

  async function render(req: Request, res: Response, status: number, error: string | null): Promise<void> {
    const scan = await visibleUnmatchedScan(deps.unmatched, adminOf(res), String(req.params.scanId));
    const { q } = scanQuery.parse(req.query);
    noStore(res);
    res
      .status(status)
      .type('html')
      .send(unmatchedScanPage(scan, { who: pageWho(res), csrf: csrfToken(req, res), q, candidates: candidates(deps, scan, q), error }));
  }

  router.get('/skany-niedopasowane/:scanId', admin, (req, res) => render(req, res, 200, null));

  /** An action from the page: done → back to the inbox with a notice; refused → the page again with the reason. */
  async function act(req: Request, res: Response, action: () => Promise<unknown>, done: keyof typeof NOTICES): Promise<void> {
    try {
      await action();
      res.redirect(303, `/skany-niedopasowane?ok=${done}`);
    } catch (e) {
      // A scan that is not there (or not this admin's) is the error page; a refusal shows the form again.
      if (!isAppError(e) || e.status >= 500 || (e.status === 404 && e.errors.length === 0)) throw e;
      const detail = e.errors.length > 0 ? e.errors.map((f) => f.message).join(' ') : e.message;
      await render(req, res, e.status, detail);
    }
  }

  router.post('/skany-niedopasowane/:scanId/przypisz', verifyCsrf, admin, (req, res) =>
    act(
      req,
      res,
      () => {
        const applicationId = (req.body as { applicationId?: unknown }).applicationId;
        if (typeof applicationId !== 'string' || applicationId.length === 0 || applicationId.length > 100)
          throw new AppError('APPROVAL.APPLICATION_MISSING', 'Wyszukaj i wybierz wniosek, do którego należy skan.', { status: 400 });
        return assignScan(deps, adminOf(res), String(req.params.scanId), applicationId, req.ip ?? null);
      },
      'przypisany',
    ),
  );

  router.post('/skany-niedopasowane/:scanId/odloz', verifyCsrf, admin, (req, res) =>
    act(
      req,
      res,
      () => {
        const note = (req.body as { note?: unknown }).note;
        if (note !== undefined && (typeof note !== 'string' || note.length > 1000))
          throw new AppError('APPROVAL.NOTE_TOO_LONG', 'Notatka może mieć najwyżej 1000 znaków.', { status: 400 });
        return dismissScan(deps, adminOf(res), String(req.params.scanId), (note ?? '').trim() || null, req.ip ?? null);
      },
      'odlozony',
    ),
  );

  return router;
}
