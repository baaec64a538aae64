import type { Logger } from '@cas/logger';

export interface ReconcilePorts {
  stuckQueued(olderThan: Date): Promise<string[]>;
  /** The state of the scan's job in Redis, or null when there is none. */
  jobState(scanId: string): Promise<string | null>;
  enqueue(scanId: string): Promise<void>;
  /** Ends a scan whose job failed for good (it crashed its worker every time): rejected, recorded. */
  giveUp(scanId: string): Promise<void>;
}

/**
 * Redis is not the source of truth (DESIGN §6): a scan still `queued` long after it arrived has lost its job
 * (Redis restarted without its data, an enqueue failed after the scan was stored) → the job is added again.
 * A job that failed for good without deciding (its worker died on every attempt) ends the scan as
 * `processing-failed` instead of being retried forever.
 */
export async function reconcileScans(
  ports: ReconcilePorts,
  stuckAfterMs: number,
  logger: Logger,
): Promise<{ requeued: number; gaveUp: number }> {
  let requeued = 0;
  let gaveUp = 0;
  for (const scanId of await ports.stuckQueued(new Date(Date.now() - stuckAfterMs))) {
    const state = await ports.jobState(scanId);
    if (state === 'failed') {
      await ports.giveUp(scanId);
      gaveUp++;
    } else if (state === null || state === 'completed' || state === 'unknown') {
      await ports.enqueue(scanId);
      requeued++;
    }
  }
  if (requeued + gaveUp > 0) logger.warn({ requeued, gaveUp }, 'scans reconciled');
  return { requeued, gaveUp };
}
