import { createEvent, IntakeEvents, type Envelope } from '@cas/contracts';
import { faultPoint } from '@cas/config';
import { correlationId } from '@cas/logger';
import type { Logger } from '@cas/logger';
import { SCAN_STATUS, type Scan } from '../domain/scan.js';
import { parseQrPayload, type QrEvidence } from '../domain/evidence.js';
import { decideMatch, UNMATCHED } from '../domain/match.js';
import type { OpenApplication } from '../domain/open-application.js';
import type { FileFindings } from '../scan/analyse-file.js';
import { RejectedFile, type ScanLimits } from '../scan/scan-limits.js';

export interface ProcessScanPorts {
  getScan(id: string): Promise<Scan | null>;
  readFile(id: string): Promise<Uint8Array>;
  /** `analyseFile`, in a worker thread in the service. */
  analyse(bytes: Uint8Array, limits: ScanLimits): Promise<FileFindings>;
  claimContent(voivodeship: string, sha256: string, scanId: string): Promise<string>;
  findApplication(number: string): Promise<OpenApplication | null>;
  decide(id: string, set: Partial<Scan>, event: Envelope | null): Promise<boolean>;
  /** Remembers a scan whose number no application has yet (see the open-applications handler). */
  awaitApplication(voivodeship: string, number: string, scanId: string): Promise<void>;
}

/** Why a scan ended `rejected` without anything wrong with the file: it failed every attempt (recorded, not retried forever). */
export const PROCESSING_FAILED = 'processing-failed';

const meta = () => ({ source: 'document-intake', correlationId: correlationId() });

export function notMatchedData<R extends string>(scan: Scan, reason: R) {
  return {
    scanId: scan.id,
    channel: scan.channel,
    sender: scan.sender.slice(0, 500),
    subject: scan.subject.slice(0, 1000),
    receivedAt: scan.receivedAt,
    voivodeship: scan.voivodeship,
    reason,
  };
}

/**
 * One scan from `queued` to its outcome (DESIGN §4): duplicate of earlier bytes → `duplicate`; not a usable
 * file → `rejected` with the reason; else the QR code or a number in the texts decides `matched`/`unmatched`.
 * Safe to run twice (a worker that died mid-scan): only a `queued` scan changes, so there is one outcome.
 */
export function createScanProcessor(ports: ProcessScanPorts, limits: ScanLimits, logger: Logger) {
  async function reject(scan: Scan, reason: string, detectedType: string | null): Promise<void> {
    const event = createEvent(IntakeEvents.scanRejected, notMatchedData(scan, reason), meta());
    await ports.decide(scan.id, { status: SCAN_STATUS.rejected, reason, detectedType, decidedAt: new Date() }, event);
  }

  return {
    /** A scan whose job failed for good without deciding (the reconciler's call): rejected, recorded. */
    async giveUp(scanId: string): Promise<void> {
      const scan = await ports.getScan(scanId);
      if (scan?.status === SCAN_STATUS.queued) {
        logger.error({ scanId }, 'scan job failed for good: rejected as processing-failed');
        await reject(scan, PROCESSING_FAILED, null);
      }
    },

    async process(scanId: string, opts: { lastAttempt: boolean }): Promise<void> {
      const scan = await ports.getScan(scanId);
      if (!scan || scan.status !== SCAN_STATUS.queued) return;
      const first = await ports.claimContent(scan.voivodeship, scan.sha256, scan.id);
      if (first !== scan.id) {
        await ports.decide(scan.id, { status: SCAN_STATUS.duplicate, duplicateOf: first, decidedAt: new Date() }, null);
        return;
      }
      let findings: FileFindings;
      try {
        findings = await ports.analyse(await ports.readFile(scan.id), limits);
      } catch (e) {
        if (e instanceof RejectedFile) {
          logger.info({ scanId, reason: e.reason, detail: e.message }, 'scan rejected');
          return reject(scan, e.reason, null);
        }
        if (!opts.lastAttempt) throw e;
        logger.error({ err: e, scanId }, 'scan failed on its last attempt: rejected as processing-failed');
        return reject(scan, PROCESSING_FAILED, null);
      }
      faultPoint('intake.scan.before-decide');
      const qr = findings.qr.map(parseQrPayload).filter((q): q is QrEvidence => q !== null);
      const outcome = await decideMatch(
        { voivodeship: scan.voivodeship, qr, texts: [scan.subject, scan.body, scan.fileName, findings.text] },
        (number) => ports.findApplication(number),
      );
      const common = { detectedType: findings.type, pages: findings.pages, decidedAt: new Date() };
      if (outcome.status === SCAN_STATUS.matched) {
        const app = outcome.application;
        const event = createEvent(
          IntakeEvents.scanMatched,
          {
            scanId: scan.id,
            applicationId: app.applicationId,
            number: app.number,
            matchedBy: outcome.matchedBy,
            verified: outcome.verified,
            channel: scan.channel,
            receivedAt: scan.receivedAt,
            contentType: findings.type,
            pages: findings.pages,
            sha256: scan.sha256,
          },
          meta(),
        );
        await ports.decide(
          scan.id,
          {
            ...common,
            status: SCAN_STATUS.matched,
            applicationId: app.applicationId,
            applicationNumber: app.number,
            matchedBy: outcome.matchedBy,
            verified: outcome.verified,
          },
          event,
        );
        return;
      }
      // The scan may have come before intake heard of its application (the submission event is on its way, or
      // intake was down): remembered first, so the application's arrival gets it processed again.
      if (outcome.reason === UNMATCHED.unknownNumber && outcome.number)
        await ports.awaitApplication(scan.voivodeship, outcome.number, scan.id);
      const event = createEvent(IntakeEvents.scanUnmatched, notMatchedData(scan, outcome.reason), meta());
      await ports.decide(
        scan.id,
        { ...common, status: SCAN_STATUS.unmatched, reason: outcome.reason, applicationNumber: outcome.number },
        event,
      );
    },
  };
}
