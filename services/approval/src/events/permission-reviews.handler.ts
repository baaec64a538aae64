import { ApprovalEvents, RegistrationEvents, type EventData, type Envelope } from '@cas/contracts';
import {
  applyAccountActivated,
  applyPermissionDecision,
  applyPermissionsGranted,
  applyRequestSubmitted,
  applyRequestUnit,
} from '../domain/permission-review.js';
import type { PermissionReviewRepository, UserGrantsRepository } from '../store/permission-review.repository.js';

type Submitted = EventData<typeof RegistrationEvents.permissionRequestSubmitted>;
type Activated = EventData<typeof RegistrationEvents.accountActivated>;
type Granted = EventData<typeof RegistrationEvents.permissionsGranted>;
type Decided = EventData<typeof ApprovalEvents.permissionRequestApproved>;

/**
 * Registration's events → permission reviews and the users' current grants (consumer
 * `approval--permission-requests`). Each write is idempotent, so a redelivery after a partial failure finishes
 * the job.
 */
export function permissionRequestHandlers(reviews: PermissionReviewRepository, grants: UserGrantsRepository) {
  return {
    [RegistrationEvents.permissionRequestSubmitted.subject]: async (e: Envelope) => {
      const d = e.data as Submitted;
      await reviews.update(d.requestId, (r) => applyRequestSubmitted(r, d));
      await grants.update(d.user.id, (g) => applyRequestUnit(g, d));
    },
    [RegistrationEvents.accountActivated.subject]: async (e: Envelope) => {
      const d = e.data as Activated;
      await grants.update(d.userId, (g) => applyAccountActivated(g, d));
    },
    [RegistrationEvents.permissionsGranted.subject]: async (e: Envelope) => {
      const d = e.data as Granted;
      await grants.update(d.userId, (g) => applyPermissionsGranted(g, d));
    },
  };
}

/**
 * Approval's own permission decisions (its outbox → the APPROVAL stream → the `approval--decisions` consumer):
 * the review follows the events, also on rebuild; the change made at once by the HTTP route makes this a no-op.
 */
export function permissionDecisionHandlers(reviews: PermissionReviewRepository) {
  const decided = (outcome: 'approved' | 'rejected') => async (e: Envelope) => {
    const d = e.data as Decided;
    await reviews.update(d.requestId, (r) =>
      applyPermissionDecision(r, { outcome, decidedBy: d.decidedBy, decidedAt: d.decidedAt, reason: d.reason }),
    );
  };
  return {
    [ApprovalEvents.permissionRequestApproved.subject]: decided('approved'),
    [ApprovalEvents.permissionRequestRejected.subject]: decided('rejected'),
  };
}
