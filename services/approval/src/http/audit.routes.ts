import { Router, type Response } from 'express';
import { z } from 'zod';
import type { TokenVerifier } from '@cas/auth';
import { CommonErrors } from '@cas/errors';
import { adminOf, parseBody, requireAdmin } from '@cas/http';
import { noStore, scopeOf, withoutEmpty } from './admin-scope.js';
import { AUDIT_GROUPS, auditCsv, type AuditEntry, type AuditGroup } from '../domain/audit.js';
import type { AuditQuery, AuditRepository } from '../store/audit.repository.js';
import { auditPage } from './views/audit.page.js';

export interface AuditRoutesDeps {
  audit: AuditRepository;
  verifier: TokenVerifier;
}

const DAY_MS = 86_400_000;
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Podaj datę w formacie RRRR-MM-DD.');
export const auditQuery = z.strictObject({
  from: day.optional(),
  to: day.optional(),
  group: z.enum(Object.keys(AUDIT_GROUPS) as [AuditGroup, ...AuditGroup[]]).optional(),
  actor: z.string().trim().min(1).max(254).optional(),
  voivodeship: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(10_000).default(500),
});
type Parsed = z.infer<typeof auditQuery>;

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The window in whole UTC days, `to` included; 30 days back by default; at most a year. */
function toQuery(q: Parsed, res: Response): AuditQuery & { fromDay: string; toDay: string } {
  const today = new Date(new Date().toISOString().slice(0, 10));
  const toDay = q.to ? new Date(q.to) : today;
  const fromDay = q.from ? new Date(q.from) : new Date(toDay.getTime() - 30 * DAY_MS);
  const errors = [
    ...(Number.isNaN(fromDay.getTime()) ? [{ field: 'from', message: 'Niepoprawna data.' }] : []),
    ...(Number.isNaN(toDay.getTime()) ? [{ field: 'to', message: 'Niepoprawna data.' }] : []),
  ];
  if (errors.length === 0 && fromDay > toDay) errors.push({ field: 'from', message: 'Data „od” jest późniejsza niż „do”.' });
  if (errors.length === 0 && toDay.getTime() - fromDay.getTime() > 366 * DAY_MS)
    errors.push({ field: 'from', message: 'Okres może obejmować najwyżej rok.' });
  if (errors.length > 0) throw CommonErrors.validation(errors);
  const claims = adminOf(res);
  return {
    from: fromDay,
    to: new Date(toDay.getTime() + DAY_MS),
    voivodeship: scopeOf(claims, q.voivodeship),
    kinds: q.group ? AUDIT_GROUPS[q.group] : null,
    actor: q.actor ?? null,
    limit: q.limit,
    fromDay: iso(fromDay),
    toDay: iso(toDay),
  };
}

const view = (e: AuditEntry) => ({ ...e, at: e.at.toISOString() });

function sendCsv(res: Response, entries: AuditEntry[], q: { fromDay: string; toDay: string }): void {
  noStore(res);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="audyt-${q.fromDay}-${q.toDay}.csv"`);
  res.send(auditCsv(entries));
}

/**
 * The audit (issue #6 step 6): decisions, scan actions, permission decisions and registration's account events,
 * newest first, filtered by time, kind and login, as JSON, CSV or a page. Scoped by the token's voivodeship.
 */
export function auditRoutes(deps: AuditRoutesDeps): Router {
  const router = Router();
  const admin = requireAdmin(deps.verifier);

  router.get('/api/v1/audit', admin, async (req, res) => {
    const q = toQuery(parseBody(auditQuery, withoutEmpty(req.query)), res);
    const entries = await deps.audit.entries(q);
    if (req.query.format === 'csv') return sendCsv(res, entries, q);
    noStore(res);
    res.json({ from: q.fromDay, to: q.toDay, entries: entries.map(view) });
  });

  router.get('/audyt', admin, async (req, res) => {
    const raw = parseBody(auditQuery, { ...withoutEmpty(req.query), limit: '500' });
    const q = toQuery(raw, res);
    const entries = await deps.audit.entries(q);
    const claims = adminOf(res);
    noStore(res);
    res.type('html').send(
      auditPage({
        who: { login: claims.login, voivodeship: claims.voivodeship },
        entries,
        from: q.fromDay,
        to: q.toDay,
        group: raw.group ?? '',
        actor: raw.actor ?? '',
        central: claims.role === 'central-admin',
        voivodeship: raw.voivodeship ?? '',
      }),
    );
  });

  return router;
}
