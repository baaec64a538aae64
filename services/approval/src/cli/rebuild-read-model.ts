/**
 * Rebuilds approval's read model (review items, unmatched-scans inbox, permission reviews, users' grants) from
 * the JetStream streams alone:
 *   npm run rebuild-read-model -w services/approval -- --into cas_approval_rebuild
 *   npm run rebuild-read-model -w services/approval -- --into cas_approval --replace   (approval stopped first)
 * The target's review_items and unmatched_scans are emptied, then REGISTRATION, INTAKE and APPROVAL are replayed
 * through the same projections the live consumers use (they do not depend on the order across streams).
 */
import { parseArgs } from 'node:util';
import { STREAMS } from '@cas/contracts';
import { loadConfigOrExit } from '@cas/config';
import { createLogger } from '@cas/logger';
import { backendOf, connectMongo, createKeyedLock } from '@cas/mongo';
import { connectNats, replayStream } from '@cas/nats';
import { approvalConfigSchema } from '../config.js';
import { createReviewItemRepository } from '../store/review-item.repository.js';
import { createUnmatchedScanRepository, UNMATCHED_STATUS } from '../store/unmatched-scan.repository.js';
import { createScanActionRepository } from '../store/scan-action.repository.js';
import { createAccountEventRepository } from '../store/account-event.repository.js';
import { accountEventHandlers } from '../events/account-events.handler.js';
import { applicationHandlers, decisionHandlers, scanHandlers } from '../events/review-items.handler.js';
import { createPermissionReviewRepository, createUserGrantsRepository } from '../store/permission-review.repository.js';
import { permissionDecisionHandlers, permissionRequestHandlers } from '../events/permission-reviews.handler.js';

const { values } = parseArgs({ options: { into: { type: 'string' }, replace: { type: 'boolean', default: false } } });
const config = loadConfigOrExit(approvalConfigSchema);
const print = (line: string) => process.stdout.write(`${line}\n`);
if (!values.into || !/^[A-Za-z0-9_-]{1,63}$/.test(values.into)) {
  console.error('--into <database>: where to build the read model (e.g. cas_approval_rebuild)');
  process.exit(2);
}
if (values.into === config.MONGO_DB && !values.replace) {
  console.error(`--into ${values.into} is the live database: stop the approval service and add --replace`);
  process.exit(2);
}

const logger = createLogger({ service: 'approval-cli', level: 'warn', destination: process.stderr });
const mongo = await connectMongo({ url: config.MONGO_URL, dbName: values.into, logger });
const nc = await connectNats({ servers: config.NATS_URL, name: 'approval-rebuild', logger });
try {
  const items = createReviewItemRepository(mongo, createKeyedLock());
  const unmatched = createUnmatchedScanRepository(mongo);
  await items.clear();
  await unmatched.clear();
  // Permission reviews and users' grants (issue #6 step 5): from REGISTRATION and approval's own decisions.
  const permissionReviews = createPermissionReviewRepository(mongo, backendOf(mongo), createKeyedLock());
  await permissionReviews.ensureIndexes();
  const userGrants = createUserGrantsRepository(mongo, createKeyedLock());
  await permissionReviews.clear();
  await userGrants.clear();
  for (const [stream, handlers] of [
    [STREAMS.registration.name, { ...applicationHandlers(items), ...permissionRequestHandlers(permissionReviews, userGrants) }],
    [STREAMS.intake.name, scanHandlers(items, unmatched)],
    [STREAMS.approval.name, { ...decisionHandlers(items), ...permissionDecisionHandlers(permissionReviews) }],
  ] as const) {
    const r = await replayStream(nc, stream, handlers);
    print(`${stream}: ${r.applied} events applied, ${r.skipped} skipped (not valid events)`);
  }
  // The audit's account events: a pass of their own (they share subjects with the grants above), after the
  // review items exist, whose voivodeship they take.
  const accountEvents = createAccountEventRepository(mongo);
  await accountEvents.clear();
  const accounts = await replayStream(nc, STREAMS.registration.name, accountEventHandlers(accountEvents, items));
  print(`${STREAMS.registration.name} (account events for the audit): ${accounts.applied} events applied`);
  // Setting a scan aside is an admin's record, not an event: it is read from the live database's scan_actions.
  const live = values.into === config.MONGO_DB ? mongo : mongo.useDb(config.MONGO_DB, { useCache: true });
  const dismissed = await createScanActionRepository(live, backendOf(live), () => undefined).dismissed();
  for (const d of dismissed) await unmatched.setStatus(d.scanId, UNMATCHED_STATUS.dismissed, null);
  print(`scans set aside again: ${dismissed.length}`);
  print(`read model in ${values.into}: ${JSON.stringify(await items.countByStatus())}`);
} finally {
  await nc.close();
  await mongo.close();
}
