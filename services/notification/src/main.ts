import nodemailer from 'nodemailer';
import { CONSUMERS } from '@cas/contracts';
import { backendOf } from '@cas/mongo';
import { loadConfigOrExit } from '@cas/config';
import { createTokenVerifier, remoteJwks } from '@cas/auth';
import { assertProcessors, createTypedQueue, createTypedWorker } from '@cas/queue';
import { serveHttp, startConsumers, startPlatform } from '@cas/runtime';
import { notificationConfigSchema } from './config.js';
import { createApp } from './app.js';
import { DIGEST_SCHEDULER_ID, emailQueue, maintenanceQueue, RECONCILE_SCHEDULER_ID } from './jobs/queues.js';
import { createRelayBreaker, sendEmailJob, type SendEmailPayload } from './jobs/send-email.job.js';
import { createEmailComposer } from './jobs/compose-email.js';
import { reconcileJob, requeueDelivery } from './jobs/reconcile.job.js';
import { digestJob } from './jobs/digest.job.js';
import { createDeliveryRepository } from './store/delivery.repository.js';
import { createContactRepository } from './store/contact.repository.js';
import { createCatalogueClient } from './clients/catalogue.client.js';
import { accountEmailHandlers } from './events/account-emails.handler.js';
import {
  applicationDecisionHandlers,
  applicationIntakeHandlers,
  applicationRegistrationHandlers,
} from './events/application-emails.handler.js';
import { permissionDecisionHandlers, permissionRequestHandlers } from './events/permission-emails.handler.js';

const config = loadConfigOrExit(notificationConfigSchema);
const platform = await startPlatform({ service: 'notification', dbName: config.MONGO_DB, config, useRedis: true });
const { logger, lifecycle, mongo } = platform;
const redis = platform.redis!;

const contacts = createContactRepository(mongo);
const deliveries = createDeliveryRepository(mongo, backendOf(mongo), (userId) => contacts.userVoivodeship(userId));
await deliveries.ensureIndexes();
const catalogue = createCatalogueClient({ registrationUrl: config.REGISTRATION_URL, logger });

const transport = nodemailer.createTransport({
  host: config.SMTP_HOST,
  port: config.SMTP_PORT,
  secure: config.SMTP_SECURE,
  pool: true,
  maxConnections: config.SMTP_POOL_SIZE,
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 30_000,
  ...(config.SMTP_USER ? { auth: { user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? '' } } : {}),
});
lifecycle.onShutdown('smtp', () => transport.close());

const queue = await createTypedQueue(emailQueue, redis.producer, logger, {
  defaultJobOptions: {
    attempts: config.EMAIL_ATTEMPTS,
    backoff: { type: 'exponential', delay: 2_000, jitter: 0.5 },
    // A fresh job carries its message: finished ones are not kept long (the ledger is the record, not Redis).
    removeOnComplete: { age: 3_600, count: 2_000 },
  },
});
lifecycle.onShutdown('email-queue', () => queue.close());
const maintenance = await createTypedQueue(maintenanceQueue, redis.producer, logger, {
  defaultJobOptions: { attempts: 3, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
});
lifecycle.onShutdown('maintenance-queue', () => maintenance.close());

const breaker = createRelayBreaker(config.SMTP_PAUSE_MAX_MS);
const sendDeps = {
  deliveries,
  transport,
  composer: await createEmailComposer(config.MAIL_FROM),
  logger,
  jweKey: config.NOTIFICATION_JWE_PRIVATE_KEY,
  pauseQueue: (ms: number) => queue.rateLimit(ms),
  breaker,
};
const handlerDeps = {
  deliveries,
  queue,
  contacts,
  catalogue,
  portalBaseUrl: config.PORTAL_BASE_URL,
  messageIdDomain: config.MESSAGE_ID_DOMAIN,
};
const emailProcessors = {
  'send-email': (p: SendEmailPayload, job: Parameters<typeof sendEmailJob>[2]) => sendEmailJob(sendDeps, p, job),
};
const maintenanceProcessors = {
  'reconcile-deliveries': () => reconcileJob({ deliveries, queue, logger, olderThanMs: config.RECONCILE_AFTER_MS, batch: 1_000 }),
  'send-digest': (p: { day?: string | undefined }) =>
    digestJob({ ...handlerDeps, nc: platform.nc, logger, afterDays: config.DIGEST_AFTER_DAYS, approvalUrl: config.APPROVAL_PUBLIC_URL }, p),
};
assertProcessors([emailQueue, maintenanceQueue], { [emailQueue.name]: emailProcessors, [maintenanceQueue.name]: maintenanceProcessors });
const worker = createTypedWorker(emailQueue, emailProcessors, redis.worker, logger, {
  concurrency: config.EMAIL_CONCURRENCY,
  limiter: { max: config.EMAIL_RATE_PER_SECOND, duration: 1_000 },
});
lifecycle.onShutdown('email-worker', () => worker.close());
const maintenanceWorker = createTypedWorker(maintenanceQueue, maintenanceProcessors, redis.worker, logger, {
  concurrency: 1,
  lockDurationMs: 30_000,
  stalledIntervalMs: 10_000,
});
lifecycle.onShutdown('maintenance-worker', () => maintenanceWorker.close());
// The schedules live in Redis: set them at start and again every few minutes, so a Redis that lost its data
// (no AOF, a failover without replication) gets its reconciler back, which then re-adds the lost e-mail jobs.
const ensureSchedules = async () => {
  await maintenance.schedule(RECONCILE_SCHEDULER_ID, config.RECONCILE_EVERY_MS, 'reconcile-deliveries', {});
  if (config.DIGEST_CRON)
    await maintenance.schedule(DIGEST_SCHEDULER_ID, { pattern: config.DIGEST_CRON, tz: 'Europe/Warsaw' }, 'send-digest', {});
  else await maintenance.queue.removeJobScheduler(DIGEST_SCHEDULER_ID);
};
await ensureSchedules();
const scheduleTimer = setInterval(
  () => void ensureSchedules().catch((err: unknown) => logger.warn({ err }, 'job schedules could not be refreshed')),
  Math.max(config.RECONCILE_EVERY_MS, 60_000),
);
scheduleTimer.unref();
lifecycle.onShutdown('schedules', () => clearInterval(scheduleTimer));

const verifier = createTokenVerifier({
  jwks: remoteJwks(config.REGISTRATION_JWKS_URL, { cooldownMs: 30_000, timeoutMs: 3_000 }),
  issuer: config.SESSION_ISSUER,
  audience: config.SESSION_AUDIENCE,
});
const http = createApp({
  logger,
  production: config.NODE_ENV === 'production',
  readiness: platform.readiness,
  deliveries: { deliveries, verifier, requeue: (id) => requeueDelivery(queue, id) },
  verifier,
  portalBaseUrl: config.PORTAL_BASE_URL,
  approvalUrl: config.APPROVAL_PUBLIC_URL,
});
http.metrics.gauge('cas_queue_jobs', 'BullMQ jobs by state', ['queue', 'state'], async (set) => {
  for (const [state, n] of Object.entries(await queue.counts())) set({ queue: emailQueue.name, state }, n);
});
http.metrics.gauge('cas_email_deliveries', 'Deliveries in the ledger by status', ['status'], async (set) => {
  for (const [status, n] of Object.entries(await deliveries.countByStatus())) set({ status }, n);
});
// Each event's e-mail is independent of the others and idempotent by itself (ledger key and job id from the
// event id; contact writes are set-on-insert or forward-only), so the consumers skip the inbox and take several
// events at once.
const consumerOptions = { inbox: false, concurrency: config.EVENT_CONCURRENCY };
await startConsumers(platform, http.metrics, [
  {
    ...CONSUMERS.notificationRegistrationEmails,
    ...consumerOptions,
    handlers: {
      ...applicationRegistrationHandlers(handlerDeps),
      ...accountEmailHandlers(handlerDeps),
      ...permissionRequestHandlers(handlerDeps),
    },
  },
  { ...CONSUMERS.notificationIntakeEmails, ...consumerOptions, handlers: applicationIntakeHandlers(handlerDeps) },
  {
    ...CONSUMERS.notificationApprovalEmails,
    ...consumerOptions,
    handlers: { ...applicationDecisionHandlers(handlerDeps), ...permissionDecisionHandlers(handlerDeps) },
  },
]);
await serveHttp(platform, http, config.HTTP_PORT, config.HTTP_HOST);
