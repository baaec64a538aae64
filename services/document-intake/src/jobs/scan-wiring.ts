import type { Logger } from '@cas/logger';
import type { TypedQueue } from '@cas/queue';
import type { OpenApplicationRepository } from '../store/open-application.repository.js';
import type { ScanRepository } from '../store/scan.repository.js';
import type { ScanFiles } from '../store/scan-files.js';
import type { ProcessScanPorts } from './process-scan.job.js';
import type { AnalysisPool } from '../scan/analysis-pool.js';
import type { scanQueue } from './queues.js';

/** The processor's ports over the stores. */
export function scanProcessorPorts(s: {
  scans: ScanRepository;
  files: ScanFiles;
  openApplications: OpenApplicationRepository;
  pool: AnalysisPool;
}): ProcessScanPorts {
  return {
    getScan: (id) => s.scans.getForProcessing(id),
    readFile: (id) => s.files.get(id),
    analyse: (bytes, limits) => s.pool.analyse(bytes, limits),
    claimContent: (v, sha, id) => s.scans.claimContent(v, sha, id),
    findApplication: (n) => s.openApplications.findByNumber(n),
    decide: (id, set, event) => s.scans.decide(id, set, event),
    awaitApplication: (v, n, id) => s.scans.awaitApplication(v, n, id),
  };
}

/** Adding and inspecting scan jobs; the job id is the scan id (one job per scan, DESIGN §6). */
export function scanQueuePorts(queue: TypedQueue<typeof scanQueue>, logger: Logger) {
  return {
    /** After the scan is stored: a Redis failure here loses nothing (the reconciler adds the job later). */
    async enqueueQuietly(scanId: string): Promise<void> {
      try {
        await queue.add('process-scan', { scanId }, { jobId: scanId });
      } catch (err) {
        logger.warn({ err, scanId }, 'scan stored, job not added: the reconciler will add it');
      }
    },
    async jobState(scanId: string): Promise<string | null> {
      const job = await queue.queue.getJob(scanId);
      return job ? await job.getState() : null;
    },
    /** A job id that still exists (completed) would make the add a no-op: remove it first. */
    async requeue(scanId: string): Promise<void> {
      await queue.queue.remove(scanId);
      await queue.add('process-scan', { scanId }, { jobId: scanId });
    },
  };
}
