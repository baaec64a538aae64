import { z } from 'zod';
import { defineEvent } from '../envelope.js';
import { applicationNumber, id, isoDateTime } from '../common.js';

/** Subjects are stored names: do not rename (a new version is a new subject, `.v2`). */

const decision = z.strictObject({
  applicationId: id,
  number: applicationNumber,
  decidedBy: id,
  decidedAt: isoDateTime,
  reasonCode: z.string().min(1).max(64).nullable(),
  reasonText: z.string().max(2000).nullable(),
});

export const applicationApproved = defineEvent('approval.application.approved.v1', decision);
export const applicationRejected = defineEvent(
  'approval.application.rejected.v1',
  decision.extend({ reasonCode: z.string().min(1).max(64) }),
);

const permissionDecision = z.strictObject({
  requestId: id,
  decidedBy: id,
  decidedAt: isoDateTime,
  reason: z.string().max(2000).nullable(),
});

export const permissionRequestApproved = defineEvent('approval.permission-request.approved.v1', permissionDecision);
export const permissionRequestRejected = defineEvent(
  'approval.permission-request.rejected.v1',
  permissionDecision.extend({ reason: z.string().min(1).max(2000) }),
);

export const scanAssigned = defineEvent(
  'approval.scan.assigned.v1',
  z.strictObject({ scanId: id, applicationId: id, assignedBy: id, assignedAt: isoDateTime }),
);
