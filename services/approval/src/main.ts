import { CONSUMERS } from '@cas/contracts';
import { loadConfigOrExit } from '@cas/config';
import { backendOf, createKeyedLock } from '@cas/mongo';
import { serveHttp, startConsumers, startOutboxRelay, startPlatform } from '@cas/runtime';
import { createTokenVerifier, remoteJwks } from '@cas/auth';
import { createDecisionRepository, DECISIONS_COLLECTION } from './store/decision.repository.js';
import { approvalConfigSchema } from './config.js';
import { createApp } from './app.js';
import { createNotificationClient } from './http/notification.client.js';
import { createReviewItemRepository } from './store/review-item.repository.js';
import { createReviewIndex } from './store/review-index.js';
import { createReviewIndexSync } from './store/review-index.sync.js';
import { createUnmatchedScanRepository } from './store/unmatched-scan.repository.js';
import { createScanActionRepository, SCAN_ACTIONS_COLLECTION } from './store/scan-action.repository.js';
import { createAccountEventRepository } from './store/account-event.repository.js';
import { createAuditRepository } from './store/audit.repository.js';
import { accountEventHandlers } from './events/account-events.handler.js';
import { applicationHandlers, decisionHandlers, scanHandlers } from './events/review-items.handler.js';
import { createPermissionReviewRepository, createUserGrantsRepository } from './store/permission-review.repository.js';
import { createPermissionDecisionRepository, PERMISSION_DECISIONS_COLLECTION } from './store/permission-decision.repository.js';
import { permissionDecisionHandlers, permissionRequestHandlers } from './events/permission-reviews.handler.js';

const config = loadConfigOrExit(approvalConfigSchema);
const platform = await startPlatform({ service: 'approval', dbName: config.MONGO_DB, config, useRedis: false });

const documentLock = createKeyedLock();
const reviewItems = createReviewItemRepository(platform.mongo, documentLock, (item) => queueSync.local(item));
// The review queue in memory (docs/adr/0008): loaded from review_items, kept current by this replica's writes and
// the other replicas' notices; the replica is not ready until it is loaded.
const queueSync = createReviewIndexSync({
  index: createReviewIndex(),
  nc: platform.nc,
  logger: platform.logger,
  entries: () => reviewItems.queueEntries(),
  refresh: (id, apply) => reviewItems.refresh(id, apply),
  resyncMs: config.REVIEW_INDEX_RESYNC_MS,
});
void queueSync.start();
platform.readiness.reviewQueue = () => queueSync.ready();
platform.lifecycle.onShutdown('review-queue', () => queueSync.stop());
const unmatchedScans = createUnmatchedScanRepository(platform.mongo);

const decisions = createDecisionRepository(platform.mongo, backendOf(platform.mongo), (id, entries) =>
  relay.notify({ collection: DECISIONS_COLLECTION, id, entries }),
);
await decisions.ensureIndexes();
const scanActions = createScanActionRepository(platform.mongo, backendOf(platform.mongo), (id, entries) =>
  relay.notify({ collection: SCAN_ACTIONS_COLLECTION, id, entries }),
);
await scanActions.ensureIndexes();
const accountEvents = createAccountEventRepository(platform.mongo);
const permissionReviews = createPermissionReviewRepository(platform.mongo, backendOf(platform.mongo), documentLock);
await permissionReviews.ensureIndexes();
const userGrants = createUserGrantsRepository(platform.mongo, documentLock);
const permissionDecisions = createPermissionDecisionRepository(platform.mongo, backendOf(platform.mongo), (id, entries) =>
  relay.notify({ collection: PERMISSION_DECISIONS_COLLECTION, id, entries }),
);
await permissionDecisions.ensureIndexes();
const relay = startOutboxRelay(platform, {
  collections: [
    platform.mongo.collection(DECISIONS_COLLECTION),
    platform.mongo.collection(SCAN_ACTIONS_COLLECTION),
    platform.mongo.collection(PERMISSION_DECISIONS_COLLECTION),
  ],
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
  review: { items: reviewItems, queue: queueSync.queue, decisions, verifier, warnAfterDays: config.REVIEW_WARN_AFTER_DAYS },
  scans: { items: reviewItems, queue: queueSync.queue, unmatched: unmatchedScans, scanActions, verifier },
  audit: { audit: createAuditRepository(platform.mongo, scanActions, accountEvents), verifier },
  failedEmails: { notification: createNotificationClient(config.NOTIFICATION_URL), verifier },
  permissions: { reviews: permissionReviews, userGrants, permissionDecisions, verifier },
  intakeUrl: config.INTAKE_URL,
  loginUrl: `${config.PUBLIC_BASE_URL}/logowanie`,
});
await startConsumers(platform, http.metrics, [
  { ...CONSUMERS.approvalAccountEvents, handlers: accountEventHandlers(accountEvents, reviewItems) },
  { ...CONSUMERS.approvalApplications, handlers: applicationHandlers(reviewItems) },
  { ...CONSUMERS.approvalScans, handlers: scanHandlers(reviewItems, unmatchedScans) },
  { ...CONSUMERS.approvalDecisions, handlers: { ...decisionHandlers(reviewItems), ...permissionDecisionHandlers(permissionReviews) } },
  { ...CONSUMERS.approvalPermissionRequests, handlers: permissionRequestHandlers(permissionReviews, userGrants) },
]);
await serveHttp(platform, http, config.HTTP_PORT, config.HTTP_HOST);
