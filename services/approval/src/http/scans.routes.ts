import { Router } from 'express';
import { z } from 'zod';
import type { TokenVerifier } from '@cas/auth';
import { adminOf, parseBody, requireAdmin, requireJson, verifySameSite } from '@cas/http';
import { noStore, scopeOf } from './admin-scope.js';
import { UNMATCHED_STATUS, type UnmatchedScan } from '../store/unmatched-scan.repository.js';
import { assignScan, dismissScan, visibleUnmatchedScan, type ScanActionDeps } from './scan-actions.js';

export interface ScanRoutesDeps extends ScanActionDeps {
  verifier: TokenVerifier;
}

export const listQuery = z.strictObject({
  status: z.enum(Object.values(UNMATCHED_STATUS) as [string, ...string[]]).default(UNMATCHED_STATUS.open),
  voivodeship: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  after: z
    .string()
    .regex(/^[0-9a-f-]{36}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export const assignInput = z.strictObject({ applicationId: z.string().trim().min(1).max(100) });
export const dismissInput = z.strictObject({ note: z.string().trim().max(1000).default('') });

export const unmatchedView = (s: UnmatchedScan) => ({
  scanId: s.scanId,
  kind: s.kind,
  status: s.status,
  voivodeship: s.voivodeship,
  channel: s.channel,
  sender: s.sender,
  subject: s.subject,
  receivedAt: s.receivedAt,
  reason: s.reason,
  applicationId: s.applicationId,
});

/**
 * The unmatched-scans inbox API (issue #6 step 4, DESIGN §5.2 `POST /api/v1/scans/:scanId/assign`): list,
 * assign to an application, set aside as not related. Admins only, scoped by the token's voivodeship.
 */
export function scanRoutes(deps: ScanRoutesDeps): Router {
  const router = Router();
  const admin = requireAdmin(deps.verifier);

  router.get('/api/v1/unmatched-scans', admin, async (req, res) => {
    const q = parseBody(listQuery, req.query);
    const claims = adminOf(res);
    const voivodeship = scopeOf(claims, q.voivodeship);
    const page = await deps.unmatched.list({ voivodeship, status: q.status as never, after: q.after ?? null, limit: q.limit });
    noStore(res);
    res.json({ items: page.items.map(unmatchedView), counts: await deps.unmatched.countByStatus(voivodeship), next: page.next });
  });

  router.get('/api/v1/unmatched-scans/:scanId', admin, async (req, res) => {
    const scan = await visibleUnmatchedScan(deps.unmatched, adminOf(res), String(req.params.scanId));
    noStore(res);
    res.json(unmatchedView(scan));
  });

  router.post('/api/v1/scans/:scanId/assign', verifySameSite, requireJson, admin, async (req, res) => {
    const input = parseBody(assignInput, req.body);
    const scan = await assignScan(deps, adminOf(res), String(req.params.scanId), input.applicationId, req.ip ?? null);
    noStore(res);
    res.json(unmatchedView(scan));
  });

  router.post('/api/v1/scans/:scanId/dismiss', verifySameSite, requireJson, admin, async (req, res) => {
    const input = parseBody(dismissInput, req.body ?? {});
    const scan = await dismissScan(deps, adminOf(res), String(req.params.scanId), input.note || null, req.ip ?? null);
    noStore(res);
    res.json(unmatchedView(scan));
  });

  return router;
}
