import { ApprovalEvents, createEvent } from '@cas/contracts';
import type { SessionClaims } from '@cas/auth';
import { AppError } from '@cas/errors';
import { correlationId } from '@cas/logger';
import { applyPermissionDecision, permissionDecisionRefusal, type PermissionReview } from '../domain/permission-review.js';
import type { PermissionReviewRepository } from '../store/permission-review.repository.js';
import type { PermissionDecisionRepository } from '../store/permission-decision.repository.js';

export type PermissionDecisionInput = { outcome: 'approved'; reason: string | null } | { outcome: 'rejected'; reason: string };

const conflict = () =>
  new AppError(
    'APPROVAL.PERMISSION_ALREADY_DECIDED',
    'O tym wniosku o uprawnienia zdecydowano już wcześniej (być może zrobił to inny administrator). Odśwież stronę.',
    { status: 409 },
  );

/**
 * An admin's decision on a permission request (API and pages alike): recorded as a unique insert with its event
 * (one decision wins, the other gets 409); the review changes at once, and the event changes it again
 * (idempotently) when approval consumes its own stream. Tenancy is checked before this.
 */
export async function decidePermissionRequest(
  deps: { reviews: PermissionReviewRepository; permissionDecisions: PermissionDecisionRepository },
  review: PermissionReview,
  claims: SessionClaims,
  input: PermissionDecisionInput,
  ip: string | null,
): Promise<PermissionReview> {
  const refusal = permissionDecisionRefusal(review);
  if (refusal === 'already-decided') throw conflict();
  if (refusal === 'unknown')
    throw new AppError('APPROVAL.PERMISSION_UNKNOWN', 'Nie znaleziono wniosku o rozszerzenie uprawnień.', { status: 404 });
  const decidedAt = new Date();
  const data = { requestId: review.requestId, decidedBy: claims.sub, decidedAt: decidedAt.toISOString() };
  const meta = { source: 'approval', correlationId: correlationId() };
  const event =
    input.outcome === 'approved'
      ? createEvent(ApprovalEvents.permissionRequestApproved, { ...data, reason: input.reason }, meta)
      : createEvent(ApprovalEvents.permissionRequestRejected, { ...data, reason: input.reason }, meta);
  const recorded = await deps.permissionDecisions.record(
    {
      requestId: review.requestId,
      voivodeship: review.voivodeship!,
      userId: review.user!.id,
      outcome: input.outcome,
      decidedBy: claims.sub,
      decidedByLogin: claims.login,
      decidedAt,
      reason: input.reason,
      ip,
    },
    event,
  );
  if (!recorded) throw conflict();
  return deps.reviews.update(review.requestId, (r) =>
    applyPermissionDecision(r, { outcome: input.outcome, decidedBy: data.decidedBy, decidedAt: data.decidedAt, reason: input.reason }),
  );
}
