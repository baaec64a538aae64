import { hash } from '@node-rs/argon2';
import { loadConfigOrExit } from '@cas/config';
import { createKeyedLock, createOutboxRelay } from '@cas/mongo';
import { CONSUMERS } from '@cas/contracts';
import { assertProcessors, createTypedQueue, createTypedWorker } from '@cas/queue';
import { serveHttp, startConsumers, startPlatform } from '@cas/runtime';
import { decisionStatusHandlers, scanStatusHandlers } from './events/status.handler.js';
import { checkDeadlinesJob } from './jobs/check-deadlines.job.js';
import { releaseOrphansJob } from './jobs/release-orphans.job.js';
import { DEADLINES_SCHEDULER_ID, maintenanceQueue } from './jobs/queues.js';
import { registrationConfigSchema } from './config.js';
import { createApp } from './app.js';
import { buildApplicationInputSchema } from './domain/application-input.js';
import type { SubmitApplicationPorts } from './domain/submit-application.service.js';
import { loadCatalogue } from './store/catalogue.loader.js';
import { registerModels } from './store/models.js';
import { createApplicationRepository } from './store/application.repository.js';
import { createCounterRepository } from './store/counter.repository.js';
import { createLoginRepository } from './store/login.repository.js';
import { createUnitRepository } from './store/unit.repository.js';

/** Argon2id parameters of DESIGN §7 (m = 19 MiB, t = 2, p = 1). Algorithm 2 = Argon2id. */
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const config = loadConfigOrExit(registrationConfigSchema);
const catalogue = loadCatalogue(config.CATALOGUE_DIR);
const platform = await startPlatform({ service: 'registration', dbName: config.MONGO_DB, config, useRedis: true });
const { logger, lifecycle, mongo } = platform;

const models = registerModels(mongo);
await Promise.all([models.Application.init(), models.Counter.init(), models.Unit.init(), models.Login.init()]);
const documentLock = createKeyedLock();
// Writes that add outbox entries wake the relay with them (defined below; called only after start-up).
const applications = createApplicationRepository(models, documentLock, (id, entries) =>
  relay.notify({ collection: models.Application.collection.collectionName, id, ...(entries ? { entries } : {}) }),
);
const counters = createCounterRepository(models, documentLock);
const units = createUnitRepository(models);
const logins = createLoginRepository(models);

const relay = createOutboxRelay({
  collections: [models.Application.collection],
  publisher: platform.publisher,
  logger,
  intervalMs: config.OUTBOX_POLL_MS,
  staleScanIntervalMs: config.OUTBOX_STALE_SCAN_MS,
  lock: documentLock,
});
relay.start();
lifecycle.onShutdown('outbox-relay', () => relay.stop());

const ports: SubmitApplicationPorts = {
  findActiveUnit: (id) => units.findActive(id),
  nextNumber: (v, y) => counters.next(v, y),
  hashPassword: (p) => hash(p, ARGON2),
  reserveLogin: (l, owner) => logins.reserve(l, owner),
  releaseLogin: (l, appId) => logins.release(l, appId),
  createPendingUnit: (u, appId) => units.createPending(u, appId),
  removePendingUnit: (id, appId) => units.removePending(id, appId),
  insert: (app, meta, events) => applications.insert(app, meta, events),
  findByIdempotencyKey: (k) => applications.findByIdempotencyKey(k),
  now: () => new Date(),
};
const settings = { expiryDays: config.APPLICATION_EXPIRY_DAYS, codeKey: config.VERIFICATION_CODE_KEY };
const inputSchema = buildApplicationInputSchema(catalogue);

const http = createApp({
  logger,
  production: config.NODE_ENV === 'production',
  readiness: platform.readiness,
  catalogue,
  searchUnits: (q) => units.search(q),
  applications: {
    publicBaseUrl: config.PUBLIC_BASE_URL,
    settings,
    ports,
    inputSchema,
    statusByNumber: (n) => applications.statusByNumber(n),
  },
  pages: {
    settings,
    ports,
    inputSchema,
    findByNumberAndToken: (n, t) => applications.findByNumberAndToken(n, t),
    statusByNumber: (n) => applications.statusByNumber(n),
  },
});

await startConsumers(platform, http.metrics, [
  { ...CONSUMERS.registrationScans, handlers: scanStatusHandlers(applications) },
  { ...CONSUMERS.registrationDecisions, handlers: decisionStatusHandlers(applications) },
]);

const redis = platform.redis!;
const maintenance = await createTypedQueue(maintenanceQueue, redis.producer, logger);
lifecycle.onShutdown('maintenance-queue', () => maintenance.close());
const processors = {
  [maintenanceQueue.name]: {
    'check-deadlines': async () => {
      await releaseOrphansJob({ applications, logins, units, now: () => new Date(), graceMs: config.ORPHAN_GRACE_MS, logger });
      return checkDeadlinesJob({
        applications,
        reminderAfterDays: config.REMINDER_AFTER_DAYS,
        now: () => new Date(),
        logger,
      });
    },
  },
};
assertProcessors([maintenanceQueue], processors);
await maintenance.schedule(DEADLINES_SCHEDULER_ID, config.DEADLINE_CHECK_EVERY_MS, 'check-deadlines', {});
const worker = createTypedWorker(maintenanceQueue, processors[maintenanceQueue.name]!, redis.worker, logger, {
  concurrency: 1,
  // Short passes: after a crash the next replica or restart takes over within seconds, not the default 30 s.
  lockDurationMs: 10_000,
  stalledIntervalMs: 5_000,
});
lifecycle.onShutdown('maintenance-worker', () => worker.close());
http.metrics.gauge('cas_queue_jobs', 'BullMQ jobs by state', ['queue', 'state'], async (set) => {
  for (const [state, n] of Object.entries(await maintenance.counts())) set({ queue: maintenanceQueue.name, state }, n);
});

await serveHttp(platform, http, config.HTTP_PORT, config.HTTP_HOST);
