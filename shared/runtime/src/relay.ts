import type { Collection, Document } from 'mongodb';
import { createOutboxRelay, type KeyedLock, type OutboxRelay } from '@cas/mongo';
import type { Platform } from './platform.js';

/**
 * The service's outbox relay over the collections that carry outboxes, started, and stopped on shutdown
 * (after HTTP and consumers: what they wrote last is still published).
 */
export function startOutboxRelay(
  platform: Platform,
  opts: { collections: Collection<Document>[]; lock: KeyedLock; intervalMs: number; staleScanIntervalMs: number },
): OutboxRelay {
  const relay = createOutboxRelay({ ...opts, publisher: platform.publisher, logger: platform.logger });
  relay.start();
  platform.lifecycle.onShutdown('outbox-relay', () => relay.stop());
  return relay;
}
