import { CONSUMERS } from '@cas/contracts';
import { loadConfigOrExit } from '@cas/config';
import { serveHttp, startConsumers, startPlatform } from '@cas/runtime';
import { approvalConfigSchema } from './config.js';
import { createApp } from './app.js';
import { createReviewItemRepository } from './store/review-item.repository.js';
import { applicationHandlers, scanHandlers } from './events/review-items.handler.js';

const config = loadConfigOrExit(approvalConfigSchema);
const platform = await startPlatform({ service: 'approval', dbName: config.MONGO_DB, config, useRedis: false });

const reviewItems = createReviewItemRepository(platform.mongo);
await reviewItems.ensureIndexes();

const http = createApp({ logger: platform.logger, production: config.NODE_ENV === 'production', readiness: platform.readiness });
await startConsumers(platform, http.metrics, [
  { ...CONSUMERS.approvalApplications, handlers: applicationHandlers(reviewItems) },
  { ...CONSUMERS.approvalScans, handlers: scanHandlers(reviewItems) },
]);
await serveHttp(platform, http, config.HTTP_PORT, config.HTTP_HOST);
