import { ApprovalEvents, createEvent } from '@cas/contracts';
import type { SessionClaims } from '@cas/auth';
import { AppError, CommonErrors } from '@cas/errors';
import { adminMaySee } from '@cas/http';
import { correlationId } from '@cas/logger';
import { ASSIGNMENT_MESSAGES, assignmentRefusal, dismissalRefused } from '../domain/scan-assignment.js';
import { SCAN_ACTION, type ScanActionRepository } from '../store/scan-action.repository.js';
import { UNMATCHED_STATUS, type UnmatchedScan, type UnmatchedScanRepository } from '../store/unmatched-scan.repository.js';
import type { ReviewItemRepository } from '../store/review-item.repository.js';

export interface ScanActionDeps {
  items: ReviewItemRepository;
  unmatched: UnmatchedScanRepository;
  scanActions: ScanActionRepository;
}

const conflict = (message: string) => new AppError('APPROVAL.SCAN_ACTION_REFUSED', message, { status: 409 });

/** The inbox entry if this admin may see it; another voivodeship's scan is 404, as if it did not exist. */
export async function visibleUnmatchedScan(
  unmatched: UnmatchedScanRepository,
  claims: SessionClaims,
  scanId: string,
): Promise<UnmatchedScan> {
  const scan = await unmatched.get(scanId.slice(0, 100));
  if (!scan?.receivedAt || !adminMaySee(claims, scan.voivodeship)) throw CommonErrors.notFound();
  return scan;
}

/**
 * Assigns an unmatched scan to an application (API and pages alike): one action per scan wins (a unique insert
 * carrying `approval.scan.assigned.v1`); intake then turns the scan into `matched` by `manual`, and its event
 * brings the scan to the review item.
 */
export async function assignScan(
  deps: ScanActionDeps,
  claims: SessionClaims,
  scanId: string,
  applicationId: string,
  ip: string | null,
): Promise<UnmatchedScan> {
  const scan = await visibleUnmatchedScan(deps.unmatched, claims, scanId);
  const item = await deps.items.get(applicationId.slice(0, 100));
  if (!item?.number || !item.voivodeship || !adminMaySee(claims, item.voivodeship))
    throw new AppError('APPROVAL.APPLICATION_NOT_FOUND', 'Nie znaleziono takiego wniosku.', {
      status: 404,
      errors: [{ field: 'applicationId', message: 'Nie znaleziono takiego wniosku.' }],
    });
  const refusal = assignmentRefusal(scan, item);
  if (refusal) throw conflict(ASSIGNMENT_MESSAGES[refusal]);
  const at = new Date();
  const event = createEvent(
    ApprovalEvents.scanAssigned,
    { scanId: scan.scanId, applicationId: item.applicationId, assignedBy: claims.sub, assignedAt: at.toISOString() },
    { source: 'approval', correlationId: correlationId() },
  );
  const recorded = await deps.scanActions.record(
    {
      scanId: scan.scanId,
      kind: SCAN_ACTION.assigned,
      voivodeship: scan.voivodeship,
      applicationId: item.applicationId,
      applicationNumber: item.number,
      note: null,
      actorId: claims.sub,
      actorLogin: claims.login,
      at,
      ip,
    },
    event,
  );
  if (!recorded) throw conflict(ASSIGNMENT_MESSAGES['scan-handled']);
  await deps.unmatched.setStatus(scan.scanId, UNMATCHED_STATUS.assigned, item.applicationId);
  return { ...scan, status: UNMATCHED_STATUS.assigned, applicationId: item.applicationId };
}

/** Sets a scan aside as not related to any application (recorded with who, when and why; no event). */
export async function dismissScan(
  deps: ScanActionDeps,
  claims: SessionClaims,
  scanId: string,
  note: string | null,
  ip: string | null,
): Promise<UnmatchedScan> {
  const scan = await visibleUnmatchedScan(deps.unmatched, claims, scanId);
  if (dismissalRefused(scan)) throw conflict(ASSIGNMENT_MESSAGES['scan-handled']);
  const recorded = await deps.scanActions.record(
    {
      scanId: scan.scanId,
      kind: SCAN_ACTION.dismissed,
      voivodeship: scan.voivodeship,
      applicationId: null,
      applicationNumber: null,
      note,
      actorId: claims.sub,
      actorLogin: claims.login,
      at: new Date(),
      ip,
    },
    null,
  );
  if (!recorded) throw conflict(ASSIGNMENT_MESSAGES['scan-handled']);
  await deps.unmatched.setStatus(scan.scanId, UNMATCHED_STATUS.dismissed, null);
  return { ...scan, status: UNMATCHED_STATUS.dismissed };
}
