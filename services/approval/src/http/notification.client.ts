import { z } from 'zod';
import { AppError } from '@cas/errors';

/** A failed e-mail as notification's API describes it (`GET /api/v1/deliveries`). */
export const failedEmail = z.object({
  id: z.string(),
  template: z.string(),
  recipient: z.string(),
  subject: z.string(),
  voivodeship: z.string().nullable(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  failedAt: z.string().nullable(),
});
export type FailedEmail = z.infer<typeof failedEmail>;
const failedPage = z.object({ items: z.array(failedEmail), next: z.string().nullable() });

const unavailable = (cause: unknown) =>
  new AppError('APPROVAL.NOTIFICATION_UNAVAILABLE', 'Usługa powiadomień jest chwilowo niedostępna. Spróbuj ponownie za chwilę.', {
    status: 503,
    cause,
  });

/**
 * Notification's internal API, called with the administrator's own session token: notification checks the role
 * and the voivodeship itself (DESIGN §7), approval only shows what it gets.
 */
export function createNotificationClient(baseUrl: string, timeoutMs = 5_000) {
  const call = async (path: string, token: string, init: RequestInit = {}) => {
    const res = await fetch(`${baseUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json, text/html' },
      signal: AbortSignal.timeout(timeoutMs),
    }).catch((e: unknown) => {
      throw unavailable(e);
    });
    if (res.status >= 500) throw unavailable(new Error(`notification answered ${res.status}`));
    return res;
  };
  /** A 4xx from notification as the same status here, with its Polish detail. */
  const refused = async (res: Response) => {
    const problem = (await res.json().catch(() => ({}))) as { detail?: string; code?: string };
    return new AppError(problem.code ?? 'APPROVAL.NOTIFICATION_REFUSED', problem.detail ?? 'Usługa powiadomień odmówiła.', {
      status: res.status,
    });
  };
  return {
    async failed(token: string, after: string | null): Promise<z.infer<typeof failedPage>> {
      const res = await call(`/api/v1/deliveries?status=failed&limit=50${after ? `&after=${encodeURIComponent(after)}` : ''}`, token);
      if (!res.ok) throw await refused(res);
      return failedPage.parse(await res.json());
    },
    async retry(token: string, id: string): Promise<void> {
      const res = await call(`/api/v1/deliveries/${encodeURIComponent(id)}/retry`, token, { method: 'POST' });
      if (!res.ok) throw await refused(res);
    },
    /** Notification's template preview page (HTML it renders itself, from its own templates and sample data). */
    async previewHtml(token: string): Promise<string> {
      const res = await call('/szablony', token);
      if (!res.ok) throw await refused(res);
      return res.text();
    },
  };
}
export type NotificationClient = ReturnType<typeof createNotificationClient>;
