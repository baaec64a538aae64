import { CONSUMERS } from '@cas/contracts';
import { loadConfigOrExit } from '@cas/config';
import { serveHttp, startConsumers, startPlatform } from '@cas/runtime';
import { intakeConfigSchema } from './config.js';
import { createApp } from './app.js';
import { createOpenApplicationRepository } from './store/open-application.repository.js';
import { decisionHandlers, openApplicationHandlers } from './events/open-applications.handler.js';

const config = loadConfigOrExit(intakeConfigSchema);
const platform = await startPlatform({ service: 'document-intake', dbName: config.MONGO_DB, config, useRedis: true });

const openApplications = createOpenApplicationRepository(platform.mongo);
await openApplications.ensureIndexes();

const http = createApp({ logger: platform.logger, production: config.NODE_ENV === 'production', readiness: platform.readiness });
await startConsumers(platform, http.metrics, [
  { ...CONSUMERS.intakeOpenApplications, handlers: openApplicationHandlers(openApplications) },
  { ...CONSUMERS.intakeDecisions, handlers: decisionHandlers(openApplications) },
]);
await serveHttp(platform, http, config.HTTP_PORT, config.HTTP_HOST);
