import { createTokenVerifier, remoteJwks } from '@cas/auth';
import { CONSUMERS } from '@cas/contracts';
import { loadConfigOrExit } from '@cas/config';
import { backendOf, createKeyedLock } from '@cas/mongo';
import { assertProcessors, createTypedQueue, createTypedWorker } from '@cas/queue';
import { serveHttp, startConsumers, startOutboxRelay, startPlatform } from '@cas/runtime';
import { intakeConfigSchema } from './config.js';
import { createApp } from './app.js';
import { createOpenApplicationRepository } from './store/open-application.repository.js';
import { createScanRepository, SCANS_COLLECTION } from './store/scan.repository.js';
import { createScanFiles } from './store/scan-files.js';
import { createMailroomClientRepository } from './store/mailroom-client.repository.js';
import { decisionHandlers, openApplicationHandlers } from './events/open-applications.handler.js';
import { scanAssignedHandlers } from './events/scan-assigned.handler.js';
import {
  HOT_FOLDER_SCHEDULER_ID,
  hotFolderQueue,
  MAILBOX_SCHEDULER_ID,
  mailboxQueue,
  RECONCILE_SCHEDULER_ID,
  scanQueue,
} from './jobs/queues.js';
import { channelProcessors } from './jobs/channel-polling.js';
import { createScanProcessor } from './jobs/process-scan.job.js';
import { scanProcessorPorts, scanQueuePorts } from './jobs/scan-wiring.js';
import { reconcileScans } from './jobs/reconcile-scans.job.js';
import { createAnalysisPool } from './scan/analysis-pool.js';

const config = loadConfigOrExit(intakeConfigSchema);
const platform = await startPlatform({ service: 'document-intake', dbName: config.MONGO_DB, config, useRedis: true });
const { logger, lifecycle, mongo } = platform;
const redis = platform.redis!;

const documentLock = createKeyedLock();
const backend = backendOf(mongo);
const openApplications = createOpenApplicationRepository(mongo, backend);
await openApplications.ensureIndexes();
const scans = createScanRepository(mongo, backend, documentLock, (id, entries) =>
  relay.notify({ collection: SCANS_COLLECTION, id, ...(entries ? { entries } : {}) }),
);
await scans.ensureIndexes();
const files = createScanFiles(mongo, backend);
await files.ensureIndexes();
const clients = createMailroomClientRepository(mongo);

const relay = startOutboxRelay(platform, {
  collections: [mongo.collection(SCANS_COLLECTION)],
  intervalMs: config.OUTBOX_POLL_MS,
  staleScanIntervalMs: config.OUTBOX_STALE_SCAN_MS,
  lock: documentLock,
});

const queue = await createTypedQueue(scanQueue, redis.producer, logger);
lifecycle.onShutdown('scan-queue', () => queue.close());
const queuePorts = scanQueuePorts(queue, logger);

const verifier = createTokenVerifier({
  jwks: remoteJwks(config.REGISTRATION_JWKS_URL, { cooldownMs: 30_000, timeoutMs: 3_000 }),
  issuer: config.SESSION_ISSUER,
  audience: config.SESSION_AUDIENCE,
});
const http = createApp({
  logger,
  production: config.NODE_ENV === 'production',
  readiness: platform.readiness,
  scans: {
    scans,
    files,
    clients,
    verifier,
    enqueue: (id) => queuePorts.enqueueQuietly(id),
    limits: { maxFileBytes: config.SCAN_MAX_FILE_BYTES, maxFiles: config.SCAN_MAX_FILES },
  },
});

await startConsumers(platform, http.metrics, [
  {
    ...CONSUMERS.intakeOpenApplications,
    handlers: openApplicationHandlers(openApplications, async (voivodeship, number) => {
      for (const id of await scans.awaitingApplication(voivodeship, number)) {
        if (await scans.reopen(id)) {
          logger.info({ scanId: id, number }, 'scan came before its application: processing it again');
          await queuePorts.requeue(id);
        }
      }
      await scans.doneAwaiting(voivodeship, number);
    }),
  },
  { ...CONSUMERS.intakeDecisions, handlers: { ...decisionHandlers(openApplications), ...scanAssignedHandlers(scans, openApplications) } },
]);

const limits = {
  maxPixels: config.SCAN_MAX_PIXELS,
  maxPages: config.SCAN_MAX_PAGES,
  maxPagesReject: config.SCAN_MAX_PAGES_REJECT,
  zipMaxEntries: config.ZIP_MAX_ENTRIES,
  zipMaxTotalBytes: config.ZIP_MAX_TOTAL_BYTES,
  zipMaxRatio: config.ZIP_MAX_RATIO,
};
const pool = createAnalysisPool(config.SCAN_DECODE_THREADS, logger);
const processor = createScanProcessor(scanProcessorPorts({ scans, files, openApplications, pool }), limits, logger);
const processors = {
  'process-scan': (p: { scanId: string }, job: { attemptsMade: number; opts: { attempts?: number } }) =>
    processor.process(p.scanId, { lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) }),
  'reconcile-scans': () =>
    reconcileScans(
      {
        stuckQueued: (t) => scans.stuckQueued(t),
        jobState: (id) => queuePorts.jobState(id),
        enqueue: (id) => queuePorts.requeue(id),
        giveUp: (id) => processor.giveUp(id),
      },
      config.SCAN_STUCK_AFTER_MS,
      logger,
    ),
};
const channels = channelProcessors({
  mailboxes: config.INTAKE_MAILBOXES,
  hotFolders: config.INTAKE_HOT_FOLDERS,
  ports: { scans, files, enqueue: (id) => queuePorts.enqueueQuietly(id) },
  limits: { maxFileBytes: config.SCAN_MAX_FILE_BYTES, maxFiles: config.SCAN_MAX_FILES, settleMs: config.HOT_FOLDER_SETTLE_MS },
  logger,
});
assertProcessors([scanQueue, mailboxQueue, hotFolderQueue], {
  [scanQueue.name]: processors,
  [mailboxQueue.name]: channels.mailboxes,
  [hotFolderQueue.name]: channels.hotFolders,
});
await queue.schedule(RECONCILE_SCHEDULER_ID, config.SCAN_RECONCILE_EVERY_MS, 'reconcile-scans', {});
const worker = createTypedWorker(scanQueue, processors, redis.worker, logger, {
  concurrency: config.SCAN_WORKER_CONCURRENCY,
  lockDurationMs: config.SCAN_JOB_LOCK_MS,
  stalledIntervalMs: config.SCAN_JOB_LOCK_MS,
});
lifecycle.onShutdown('scan-worker', async () => {
  await worker.close();
  await pool.close();
});
// Channel pollers: a repeatable job each, at most one poll at a time across all replicas (global concurrency 1).
for (const [def, processorsOf, schedulerId, every, configured] of [
  [mailboxQueue, channels.mailboxes, MAILBOX_SCHEDULER_ID, config.MAILBOX_POLL_EVERY_MS, config.INTAKE_MAILBOXES.length > 0],
  [hotFolderQueue, channels.hotFolders, HOT_FOLDER_SCHEDULER_ID, config.HOT_FOLDER_POLL_EVERY_MS, config.INTAKE_HOT_FOLDERS.length > 0],
] as const) {
  const channelQueue = await createTypedQueue(def, redis.producer, logger);
  lifecycle.onShutdown(`${def.name}-queue`, () => channelQueue.close());
  await channelQueue.queue.setGlobalConcurrency(1);
  const jobName = Object.keys(def.jobs)[0] as never;
  if (configured) await channelQueue.schedule(schedulerId, every, jobName, {} as never);
  else await channelQueue.queue.removeJobScheduler(schedulerId);
  // A short lock (renewed while a poll runs): after a crash the slot is free again within seconds.
  const channelWorker = createTypedWorker(def, processorsOf as never, redis.worker, logger, {
    concurrency: 1,
    lockDurationMs: 10_000,
    stalledIntervalMs: 5_000,
  });
  lifecycle.onShutdown(`${def.name}-worker`, () => channelWorker.close());
}
http.metrics.gauge('cas_queue_jobs', 'BullMQ jobs by state', ['queue', 'state'], async (set) => {
  for (const [state, n] of Object.entries(await queue.counts())) set({ queue: scanQueue.name, state }, n);
});

await serveHttp(platform, http, config.HTTP_PORT, config.HTTP_HOST);
