import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { SESSION_COOKIE, type TokenVerifier } from '@cas/auth';
import { AppError, CommonErrors, isAppError, zodIssuesToFieldErrors, type FieldError } from '@cas/errors';
import { adminOf, csrfToken, readCookie, requireAdmin, verifyCsrf } from '@cas/http';
import { noStore, pageWho, scopeOf, withoutEmpty } from './admin-scope.js';
import { REVIEW_STATUS } from '../domain/review-item.js';
import type { ReviewItemRepository } from '../store/review-item.repository.js';
import type { DecisionRepository } from '../store/decision.repository.js';
import type { DecisionInput } from '../domain/decision.js';
import { decideApplication } from './decide.js';
import { decodeCursor, encodeCursor } from './queue-cursor.js';
import { queueFilterShape, toQueueFilter } from './queue-filter.js';
import { rejectInput, summary, visibleReviewItem } from './review.routes.js';
import { ANY, type QueueFilter } from '../store/review-index.js';
import type { ReviewQueue } from '../store/review-index.sync.js';
import { queuePage } from './views/queue.page.js';
import { reviewPage } from './views/review.page.js';

export interface PageRoutesDeps {
  items: ReviewItemRepository;
  queue: ReviewQueue;
  decisions: DecisionRepository;
  verifier: TokenVerifier;
  warnAfterDays: number;
  /** Document intake's base URL: scan files are fetched there with the admin's own token. */
  intakeUrl: string;
}

const text = z.string().trim().max(200).catch('');
const queueQuery = z.object({
  status: z.enum(Object.values(REVIEW_STATUS) as [string, ...string[]]).catch(REVIEW_STATUS.readyForReview),
  q: text,
  area: text,
  unitType: text,
  from: text,
  to: text,
  after: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/)
    .optional()
    .catch(undefined),
  ok: z.enum(['zatwierdzony', 'odrzucony']).optional().catch(undefined),
});
const filterQuery = z.object(queueFilterShape);
const SCAN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The page's filters as the index takes them, or the Polish message per refused field (a cursor the page did not
 * make is dropped: the list starts from the top).
 */
function pageFilter(
  q: z.infer<typeof queueQuery>,
  voivodeship: string | null,
): { filter: QueueFilter | null; errors: Record<string, string> } {
  const parsed = filterQuery.safeParse(
    withoutEmpty({ status: q.status, q: q.q, area: q.area, unitType: q.unitType, from: q.from, to: q.to }),
  );
  const errors = (list: FieldError[]) => Object.fromEntries(list.map((e) => [e.field, e.message]));
  if (!parsed.success) return { filter: null, errors: errors(zodIssuesToFieldErrors(parsed.error.issues)) };
  try {
    const filter = toQueueFilter(parsed.data, voivodeship, 50);
    return { filter: { ...filter, after: q.after ? decodeCursor(q.after) : null }, errors: {} };
  } catch (e) {
    if (isAppError(e) && e.status === 400) return { filter: null, errors: errors(e.errors) };
    throw e;
  }
}

const NOTICES = {
  zatwierdzony: 'Wniosek zatwierdzony. Użytkownik dostanie e-mail o aktywacji konta.',
  odrzucony: 'Wniosek odrzucony. Wnioskodawca dostanie e-mail z powodem.',
};

/** The administrator's pages (server-rendered, Polish, work without JavaScript). */
export function pageRoutes(deps: PageRoutesDeps): Router {
  const router = Router();
  const admin = requireAdmin(deps.verifier);

  router.get('/', admin, async (req, res) => {
    const q = queueQuery.parse(req.query);
    const voivodeship = scopeOf(adminOf(res));
    const { filter, errors } = pageFilter(q, voivodeship);
    const page = filter ? deps.queue.list(filter) : { items: [], next: null };
    noStore(res);
    res
      .status(filter ? 200 : 400)
      .type('html')
      .send(
        queuePage({
          who: pageWho(res),
          status: q.status,
          filters: { q: q.q, area: q.area, unitType: q.unitType, from: q.from, to: q.to },
          errors,
          unitTypes: deps.queue.unitTypes(),
          items: page.items.map((i) => summary(i, deps.warnAfterDays)),
          counts: deps.queue.countByStatus(voivodeship),
          next: page.next ? encodeCursor(page.next) : null,
          notice: q.ok ? NOTICES[q.ok] : null,
        }),
      );
  });

  router.get('/wnioski/:applicationId', admin, async (req, res) => {
    const item = await visibleReviewItem(deps.items, req, res);
    // The next item of the queue (same scope and order as `/`), for the "Następny wniosek" link and the `n` key.
    const next = item.submittedAt
      ? deps.queue.list({
          ...ANY,
          voivodeship: scopeOf(adminOf(res)),
          status: REVIEW_STATUS.readyForReview,
          after: { submittedAt: item.submittedAt, id: item.applicationId },
          limit: 1,
        })
      : null;
    noStore(res);
    res
      .type('html')
      .send(reviewPage(item, { who: pageWho(res), csrf: csrfToken(req, res), error: null, next: next?.items[0]?.applicationId ?? null }));
  });

  /** A decision from the page: done → back to the queue with a notice; refused → the page again with the reason. */
  async function decide(req: Request, res: Response, input: () => DecisionInput): Promise<void> {
    const item = await visibleReviewItem(deps.items, req, res);
    try {
      const decision = input();
      await decideApplication(deps, item, adminOf(res), decision, req.ip ?? null);
      res.redirect(303, `/?ok=${decision.outcome === 'approved' ? 'zatwierdzony' : 'odrzucony'}`);
    } catch (e) {
      if (!isAppError(e) || e.status >= 500) throw e;
      noStore(res);
      const fresh = (await deps.items.get(item.applicationId)) ?? item;
      const detail = e.errors.length > 0 ? e.errors.map((f) => f.message).join(' ') : e.message;
      res
        .status(e.status)
        .type('html')
        .send(reviewPage(fresh, { who: pageWho(res), csrf: csrfToken(req, res), error: detail }));
    }
  }

  router.post('/wnioski/:applicationId/zatwierdz', verifyCsrf, admin, (req, res) =>
    decide(req, res, () => {
      if ((req.body as { confirm?: unknown }).confirm !== 'tak')
        throw new AppError('APPROVAL.CONFIRMATION_MISSING', 'Zaznacz potwierdzenie, że skan jest podpisany i zgodny z wnioskiem.', {
          status: 400,
        });
      return { outcome: 'approved' };
    }),
  );
  router.post('/wnioski/:applicationId/odrzuc', verifyCsrf, admin, (req, res) =>
    decide(req, res, () => {
      const body = req.body as Record<string, unknown>;
      const parsed = rejectInput.safeParse({ reasonCode: body.reasonCode, reasonText: body.reasonText ?? '' });
      if (!parsed.success)
        throw new AppError('APPROVAL.REASON_MISSING', 'Wybierz powód z listy; uzasadnienie może mieć najwyżej 2000 znaków.', {
          status: 400,
        });
      return { outcome: 'rejected', reasonCode: parsed.data.reasonCode, reasonText: parsed.data.reasonText || null };
    }),
  );

  /** The scan, fetched from intake with this admin's own token (intake checks the voivodeship again). */
  router.get('/skany/:scanId', admin, async (req, res) => {
    const id = String(req.params.scanId).slice(0, 100);
    // Intake's scan ids are UUIDs. Anything else cannot be a scan, and `.`/`..` (sent as %2e) would be resolved
    // by the URL parser as a path segment, sending the admin's token to another intake route.
    if (!SCAN_ID.test(id)) throw CommonErrors.notFound();
    const upstream = await fetch(`${deps.intakeUrl}/api/v1/scans/${encodeURIComponent(id)}/file`, {
      headers: { authorization: `Bearer ${readCookie(req, SESSION_COOKIE) ?? ''}` },
      signal: AbortSignal.timeout(15_000),
    }).catch((cause: unknown) => {
      throw new AppError('APPROVAL.INTAKE_UNAVAILABLE', 'Nie udało się pobrać skanu. Spróbuj ponownie za chwilę.', { status: 503, cause });
    });
    // Intake refusing this admin the scan (another voivodeship, a token it does not take) is "not found" here;
    // only intake failing is a bad gateway.
    if (!upstream.ok) throw new AppError('APPROVAL.SCAN_NOT_FOUND', 'Nie znaleziono skanu.', { status: upstream.status < 500 ? 404 : 502 });
    const download = req.query.pobierz === '1';
    res.setHeader('Content-Type', upstream.headers.get('content-type') ?? 'application/octet-stream');
    res.setHeader('Content-Disposition', `${download ? 'attachment' : 'inline'}; filename="skan-${id.replace(/[^\w-]/g, '')}"`);
    res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'; img-src 'self'; object-src 'none'");
    res.setHeader('X-Content-Type-Options', 'nosniff');
    noStore(res);
    res.send(Buffer.from(await upstream.arrayBuffer()));
  });

  return router;
}
