import { Router } from 'express';
import { z } from 'zod';
import { SESSION_COOKIE, type TokenVerifier } from '@cas/auth';
import { isAppError } from '@cas/errors';
import { csrfToken, readCookie, requireAdmin, verifyCsrf } from '@cas/http';
import { noStore, pageWho } from './admin-scope.js';
import type { NotificationClient } from './notification.client.js';
import { failedEmailsPage } from './views/failed-emails.page.js';

export interface FailedEmailsDeps {
  notification: NotificationClient;
  verifier: TokenVerifier;
}

const listQuery = z.object({
  after: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,300}$/)
    .optional()
    .catch(undefined),
  ok: z.literal('ponowiono').optional().catch(undefined),
});

/**
 * "Nieudane e-maile" (issue #6 step 7): the e-mails notification gave up on, in the admin's voivodeship, with a
 * retry; and the preview of every e-mail template. Both come from notification, asked with the admin's token.
 */
export function failedEmailsPageRoutes(deps: FailedEmailsDeps): Router {
  const router = Router();
  const admin = requireAdmin(deps.verifier);
  const tokenOf = (req: Parameters<typeof readCookie>[0]) => readCookie(req, SESSION_COOKIE) ?? '';

  router.get('/nieudane-emaile', admin, async (req, res) => {
    const q = listQuery.parse(req.query);
    const page = await deps.notification.failed(tokenOf(req), q.after ?? null);
    noStore(res);
    res.type('html').send(
      failedEmailsPage({
        who: pageWho(res),
        csrf: csrfToken(req, res),
        items: page.items,
        next: page.next,
        notice: q.ok ? 'Wysyłka ponowiona. E-mail wróci na listę, jeśli i tym razem się nie uda.' : null,
        error: null,
      }),
    );
  });

  router.post('/nieudane-emaile/:id/ponow', verifyCsrf, admin, async (req, res) => {
    try {
      await deps.notification.retry(tokenOf(req), String(req.params.id).slice(0, 300));
      res.redirect(303, '/nieudane-emaile?ok=ponowiono');
    } catch (e) {
      if (!isAppError(e) || e.status >= 500) throw e;
      const page = await deps.notification.failed(tokenOf(req), null);
      noStore(res);
      res
        .status(e.status)
        .type('html')
        .send(
          failedEmailsPage({
            who: pageWho(res),
            csrf: csrfToken(req, res),
            items: page.items,
            next: page.next,
            notice: null,
            error: e.message,
          }),
        );
    }
  });

  router.get('/szablony-e-maili', admin, async (req, res) => {
    const page = await deps.notification.previewHtml(tokenOf(req));
    noStore(res);
    res.type('html').send(page);
  });

  return router;
}
