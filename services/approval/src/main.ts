import { CONSUMERS } from '@cas/contracts';
import { loadConfigOrExit } from '@cas/config';
import { backendOf, createKeyedLock } from '@cas/mongo';
import { serveHttp, startConsumers, startPlatform } from '@cas/runtime';
import { approvalConfigSchema } from './config.js';
import { createApp } from './app.js';
import { createReviewItemRepository } from './store/review-item.repository.js';
import { createUnmatchedScanRepository } from './store/unmatched-scan.repository.js';
import { applicationHandlers, decisionHandlers, scanHandlers } from './events/review-items.handler.js';

const config = loadConfigOrExit(approvalConfigSchema);
const platform = await startPlatform({ service: 'approval', dbName: config.MONGO_DB, config, useRedis: false });

const documentLock = createKeyedLock();
const reviewItems = createReviewItemRepository(platform.mongo, backendOf(platform.mongo), documentLock);
await reviewItems.ensureIndexes();
const unmatchedScans = createUnmatchedScanRepository(platform.mongo);

const http = createApp({ logger: platform.logger, production: config.NODE_ENV === 'production', readiness: platform.readiness });
await startConsumers(platform, http.metrics, [
  { ...CONSUMERS.approvalApplications, handlers: applicationHandlers(reviewItems) },
  { ...CONSUMERS.approvalScans, handlers: scanHandlers(reviewItems, unmatchedScans) },
  { ...CONSUMERS.approvalDecisions, handlers: decisionHandlers(reviewItems) },
]);
await serveHttp(platform, http, config.HTTP_PORT, config.HTTP_HOST);
