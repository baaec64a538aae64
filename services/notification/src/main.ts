import nodemailer from 'nodemailer';
import { CONSUMERS } from '@cas/contracts';
import { loadConfigOrExit } from '@cas/config';
import { assertProcessors, createTypedQueue, createTypedWorker } from '@cas/queue';
import { serveHttp, startConsumers, startPlatform } from '@cas/runtime';
import { notificationConfigSchema } from './config.js';
import { createApp } from './app.js';
import { emailQueue } from './jobs/queues.js';
import { sendEmailJob } from './jobs/send-email.job.js';
import { createDeliveryRepository } from './store/delivery.repository.js';
import { registrationEmailHandlers } from './events/registration-emails.handler.js';

const config = loadConfigOrExit(notificationConfigSchema);
const platform = await startPlatform({ service: 'notification', dbName: config.MONGO_DB, config, useRedis: true });
const { logger, lifecycle, mongo } = platform;
const redis = platform.redis!;

const deliveries = createDeliveryRepository(mongo);
await deliveries.ensureIndexes();

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

const queue = await createTypedQueue(emailQueue, redis.producer, logger);
lifecycle.onShutdown('email-queue', () => queue.close());
const processors = {
  [emailQueue.name]: {
    'send-email': (p: { deliveryId: string }, job: Parameters<typeof sendEmailJob>[2]) =>
      sendEmailJob({ deliveries, transport, from: config.MAIL_FROM, logger, jweKey: config.NOTIFICATION_JWE_PRIVATE_KEY }, p, job),
  },
};
assertProcessors([emailQueue], processors);
const worker = createTypedWorker(emailQueue, processors[emailQueue.name]!, redis.worker, logger, {
  concurrency: config.EMAIL_CONCURRENCY,
  limiter: { max: config.EMAIL_RATE_PER_SECOND, duration: 1_000 },
});
lifecycle.onShutdown('email-worker', () => worker.close());

const handlerDeps = { deliveries, queue, portalBaseUrl: config.PORTAL_BASE_URL, messageIdDomain: config.MESSAGE_ID_DOMAIN };
const http = createApp({ logger, production: config.NODE_ENV === 'production', readiness: platform.readiness });
http.metrics.gauge('cas_queue_jobs', 'BullMQ jobs by state', ['queue', 'state'], async (set) => {
  for (const [state, n] of Object.entries(await queue.counts())) set({ queue: emailQueue.name, state }, n);
});
await startConsumers(platform, http.metrics, [
  { ...CONSUMERS.notificationRegistrationEmails, handlers: registrationEmailHandlers(handlerDeps) },
]);
await serveHttp(platform, http, config.HTTP_PORT, config.HTTP_HOST);
