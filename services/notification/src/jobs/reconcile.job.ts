import type { Logger } from '@cas/logger';
import type { TypedQueue } from '@cas/queue';
import type { DeliveryRepository } from '../store/delivery.repository.js';
import type { emailQueue } from './queues.js';

/**
 * (Re)adds the send job of a claimed delivery. A job left in Redis from an earlier round (failed, or completed
 * before an administrator reopened the delivery) is removed first: BullMQ ignores an add whose id exists.
 */
export async function requeueDelivery(queue: TypedQueue<typeof emailQueue>, deliveryId: string): Promise<'added' | 'exists'> {
  const job = await queue.queue.getJob(deliveryId);
  if (job) {
    const state = await job.getState();
    if (state !== 'completed' && state !== 'failed') return 'exists';
    await job.remove();
  }
  await queue.add('send-email', { deliveryId }, { jobId: deliveryId });
  return 'added';
}

export interface ReconcileDeps {
  deliveries: DeliveryRepository;
  queue: TypedQueue<typeof emailQueue>;
  logger: Logger;
  /** Claims younger than this are left alone (their job is being added or is running). */
  olderThanMs: number;
  batch: number;
}

/**
 * DESIGN §6 "Redis is never the source of truth": a delivery claimed in the ledger but with no live job (Redis
 * lost its data, or a crash fell between the claim and the add) gets its job back. Sent and failed deliveries
 * are not touched; an already queued job is left as it is.
 */
export async function reconcileJob(deps: ReconcileDeps): Promise<{ checked: number; requeued: number }> {
  const stale = await deps.deliveries.claimedBefore(new Date(Date.now() - deps.olderThanMs), deps.batch);
  let requeued = 0;
  for (const d of stale) if ((await requeueDelivery(deps.queue, d.id)) === 'added') requeued++;
  if (requeued > 0) deps.logger.warn({ checked: stale.length, requeued }, 'reconciler re-added e-mail jobs that had vanished');
  return { checked: stale.length, requeued };
}
