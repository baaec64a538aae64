import { CONSUMERS } from '@cas/contracts';
import { loadConfigOrExit } from '@cas/config';
import { backendOf, createKeyedLock } from '@cas/mongo';
import { serveHttp, startConsumers, startOutboxRelay, startPlatform } from '@cas/runtime';
import { createTokenVerifier, remoteJwks } from '@cas/auth';
import { createDecisionRepository, DECISIONS_COLLECTION } from './store/decision.repository.js';
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

const decisions = createDecisionRepository(platform.mongo, backendOf(platform.mongo), (id, entries) =>
  relay.notify({ collection: DECISIONS_COLLECTION, id, entries }),
);
await decisions.ensureIndexes();
const relay = startOutboxRelay(platform, {
  collections: [platform.mongo.collection(DECISIONS_COLLECTION)],
  intervalMs: config.OUTBOX_POLL_MS,
  staleScanIntervalMs: config.OUTBOX_STALE_SCAN_MS,
  lock: documentLock,
});
const verifier = createTokenVerifier({
  jwks: remoteJwks(config.REGISTRATION_JWKS_URL, { cooldownMs: 30_000, timeoutMs: 3_000 }),
  issuer: config.SESSION_ISSUER,
  audience: config.SESSION_AUDIENCE,
});
const http = createApp({
  logger: platform.logger,
  production: config.NODE_ENV === 'production',
  readiness: platform.readiness,
  review: { items: reviewItems, decisions, verifier, warnAfterDays: config.REVIEW_WARN_AFTER_DAYS },
  intakeUrl: config.INTAKE_URL,
  loginUrl: `${config.PUBLIC_BASE_URL}/logowanie`,
});
await startConsumers(platform, http.metrics, [
  { ...CONSUMERS.approvalApplications, handlers: applicationHandlers(reviewItems) },
  { ...CONSUMERS.approvalScans, handlers: scanHandlers(reviewItems, unmatchedScans) },
  { ...CONSUMERS.approvalDecisions, handlers: decisionHandlers(reviewItems) },
]);
await serveHttp(platform, http, config.HTTP_PORT, config.HTTP_HOST);
