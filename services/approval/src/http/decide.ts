import { ApprovalEvents, createEvent } from '@cas/contracts';
import type { SessionClaims } from '@cas/auth';
import { AppError } from '@cas/errors';
import { correlationId } from '@cas/logger';
import { applyDecision, type ReviewItem } from '../domain/review-item.js';
import { decisionRefusal, type DecisionInput } from '../domain/decision.js';
import type { ReviewItemRepository } from '../store/review-item.repository.js';
import type { DecisionRepository } from '../store/decision.repository.js';

const conflict = () =>
  new AppError(
    'APPROVAL.ALREADY_DECIDED',
    'O tym wniosku zdecydowano już wcześniej (być może zrobił to inny administrator). Odśwież stronę.',
    {
      status: 409,
    },
  );

/**
 * An admin's decision (API and pages alike): only a ready, undecided item; recorded as a unique insert with its
 * event (one decision wins, the other gets 409); the queue shows it at once, and the decision's own event brings
 * the same change to the read model again (idempotent).
 */
export async function decideApplication(
  deps: { items: ReviewItemRepository; decisions: DecisionRepository },
  item: ReviewItem,
  claims: SessionClaims,
  input: DecisionInput,
  ip: string | null,
): Promise<ReviewItem> {
  const refusal = decisionRefusal(item);
  if (refusal === 'already-decided') throw conflict();
  if (refusal === 'not-ready')
    throw new AppError('APPROVAL.NOT_READY', 'Wniosek nie czeka na decyzję (brak dopasowanego skanu albo wniosek zakończony).', {
      status: 409,
    });
  const decidedAt = new Date();
  const data = {
    applicationId: item.applicationId,
    number: item.number!,
    decidedBy: claims.sub,
    decidedAt: decidedAt.toISOString(),
    reasonCode: input.outcome === 'rejected' ? input.reasonCode : null,
    reasonText: input.outcome === 'rejected' ? input.reasonText || null : null,
  };
  const meta = { source: 'approval', correlationId: correlationId() };
  const event =
    input.outcome === 'approved'
      ? createEvent(ApprovalEvents.applicationApproved, data, meta)
      : createEvent(ApprovalEvents.applicationRejected, { ...data, reasonCode: input.reasonCode }, meta);
  const recorded = await deps.decisions.record(
    { ...data, voivodeship: item.voivodeship!, outcome: input.outcome, decidedByLogin: claims.login, decidedAt, ip },
    event,
  );
  if (!recorded) throw conflict();
  return deps.items.update(item.applicationId, (i) =>
    applyDecision(i, {
      outcome: input.outcome,
      decidedBy: data.decidedBy,
      decidedAt: data.decidedAt,
      reasonCode: data.reasonCode,
      reasonText: data.reasonText,
    }),
  );
}
