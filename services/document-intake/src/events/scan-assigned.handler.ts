import { ApprovalEvents, createEvent, IntakeEvents, type Envelope, type EventData } from '@cas/contracts';
import { correlationId } from '@cas/logger';
import { SCAN_STATUS } from '../domain/scan.js';
import type { OpenApplicationRepository } from '../store/open-application.repository.js';
import type { ScanRepository } from '../store/scan.repository.js';

type Assigned = EventData<typeof ApprovalEvents.scanAssigned>;

/**
 * An admin assigned an unmatched scan to an application (`approval.scan.assigned.v1`): the scan becomes
 * `matched` by `manual` and `intake.scan.matched.v1` follows. Only an unmatched scan changes (a replay, or an
 * assignment of a scan matched meanwhile, does nothing); an application intake never heard of is a fault
 * worth a retry (its `submitted` event may still be on its way), and ends in the dead letters.
 */
export function scanAssignedHandlers(scans: ScanRepository, openApplications: OpenApplicationRepository) {
  return {
    [ApprovalEvents.scanAssigned.subject]: async (e: Envelope) => {
      const d = e.data as Assigned;
      const scan = await scans.get(d.scanId);
      if (!scan || scan.status !== SCAN_STATUS.unmatched) return;
      const app = await openApplications.findById(d.applicationId);
      if (!app) throw new Error(`application ${d.applicationId} not known to intake yet`);
      const event = createEvent(
        IntakeEvents.scanMatched,
        {
          scanId: scan.id,
          applicationId: app.applicationId,
          number: app.number,
          matchedBy: 'manual',
          verified: false,
          channel: scan.channel,
          receivedAt: scan.receivedAt,
          contentType: scan.detectedType ?? scan.declaredType ?? 'application/octet-stream',
          pages: scan.pages,
          sha256: scan.sha256,
        },
        { source: 'document-intake', correlationId: e.correlationid ?? correlationId(), causationId: e.id },
      );
      await scans.assign(
        scan.id,
        {
          status: SCAN_STATUS.matched,
          applicationId: app.applicationId,
          applicationNumber: app.number,
          matchedBy: 'manual',
          verified: false,
          reason: null,
        },
        event,
      );
    },
  };
}
