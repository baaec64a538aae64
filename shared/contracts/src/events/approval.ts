import { z } from 'zod';
import { defineEvent } from '../envelope.js';
import { applicationNumber, id, isoDateTime } from '../common.js';

/** Subjects are stored names: do not rename (a new version is a new subject, `.v2`). */

/**
 * Why an application may be rejected: codes (stored in decisions and events: do not rename) with the Polish
 * wording the admin picks from and the applicant reads in the rejection e-mail.
 */
export const APPLICATION_REJECT_REASONS = {
  'missing-signature': 'Brak podpisu kierownika jednostki',
  'data-mismatch': 'Dane na skanie różnią się od danych we wniosku',
  'illegible-scan': 'Skan jest nieczytelny lub niekompletny',
  'unit-not-eligible': 'Jednostka nie jest uprawniona do korzystania z CAS',
  duplicate: 'Wniosek złożono ponownie (duplikat)',
  other: 'Inny powód (opisany w uzasadnieniu)',
} as const;

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
