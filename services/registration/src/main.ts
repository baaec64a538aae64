import { hash, verify } from '@node-rs/argon2';
import { createTokenIssuer, createTokenVerifier, encryptFor, localJwks } from '@cas/auth';
import { loadConfigOrExit } from '@cas/config';
import { createKeyedLock, type OutboxEntry } from '@cas/mongo';
import { randomUUID, createHash } from 'node:crypto';
import { CONSUMERS, REQUESTS, voivodeshipAdminsRequest, type VoivodeshipAdminsReply } from '@cas/contracts';
import { serveJson } from '@cas/nats';
import { correlationId } from '@cas/logger';
import { assertProcessors, createTypedQueue, createTypedWorker } from '@cas/queue';
import { serveHttp, startConsumers, startOutboxRelay, startPlatform } from '@cas/runtime';
import { scanStatusHandlers } from './events/status.handler.js';
import { applicationDecisionHandlers, permissionDecisionHandlers, releaseReservations } from './events/account.handler.js';
import { checkDeadlinesJob } from './jobs/check-deadlines.job.js';
import { releaseOrphansJob } from './jobs/release-orphans.job.js';
import { accountsQueue, DEADLINES_SCHEDULER_ID, maintenanceQueue } from './jobs/queues.js';
import { passwordReminderJob } from './jobs/password-reminder.job.js';
import { createAccountActions, type EmailChangeActions } from './auth/account-actions.js';
import { confirmEmailChangeUseCase, requestEmailChangeUseCase, type EmailChangePorts } from './domain/email-change.service.js';
import { createAdminActions } from './auth/admin-actions.js';
import { ROLES, USER_STATUS } from './domain/account.js';
import { createSecondFactor } from './auth/second-factor.js';
import { createSessions } from './auth/sessions.js';
import { submitPermissionRequestUseCase } from './domain/permission-request.js';
import type { LoginPorts } from './domain/login.service.js';
import type { PasswordReminderPorts } from './domain/password-reminder.service.js';
import { createAuditRepository } from './store/audit.repository.js';
import { createPermissionRequestRepository } from './store/permission-request.repository.js';
import { createRateLimiter, createSessionStore } from './store/session.store.js';
import { createKeyRing } from './store/signing-key.repository.js';
import { createUserRepository } from './store/user.repository.js';
import { registrationConfigSchema } from './config.js';
import { createApp } from './app.js';
import { buildApplicationInputSchema } from './domain/application-input.js';
import type { SubmitApplicationPorts } from './domain/submit-application.service.js';
import { loadCatalogue } from './store/catalogue.loader.js';
import { initModels, registerModels } from './store/models.js';
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
await initModels(models);
const documentLock = createKeyedLock();
// Writes that add outbox entries wake the relay with them (defined below; called only after start-up).
const applications = createApplicationRepository(models, documentLock, (id, entries) =>
  relay.notify({ collection: models.Application.collection.collectionName, id, ...(entries ? { entries } : {}) }),
);
const notifyRelay = (collection: string) => (id: string, entries?: OutboxEntry[]) =>
  relay.notify({ collection, id, ...(entries ? { entries } : {}) });
const users = createUserRepository(models, documentLock, notifyRelay(models.User.collection.collectionName));
const requests = createPermissionRequestRepository(models, documentLock, notifyRelay(models.PermissionRequest.collection.collectionName));
const audit = createAuditRepository(models);
const counters = createCounterRepository(models, documentLock);
const units = createUnitRepository(models);
const logins = createLoginRepository(models);

const relay = startOutboxRelay(platform, {
  collections: [models.Application.collection, models.User.collection, models.PermissionRequest.collection],
  intervalMs: config.OUTBOX_POLL_MS,
  staleScanIntervalMs: config.OUTBOX_STALE_SCAN_MS,
  lock: documentLock,
});

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

// Accounts (issue #4): keys, sessions, login, reminders, second factor, admin actions.
const redis = platform.redis!;
const keyRing = await createKeyRing(models, {
  secret: config.SIGNING_KEY_SECRET,
  rotateAfterMs: config.SIGNING_KEY_ROTATE_DAYS * 86_400_000,
  keepRetiredMs: (config.SESSION_TOKEN_TTL_SECONDS + config.SESSION_IDLE_TIMEOUT_SECONDS) * 1000,
  logger,
});
const keyRefresh = setInterval(
  () => void keyRing.refresh().catch((err: unknown) => logger.error({ err }, 'key ring refresh failed')),
  300_000,
);
keyRefresh.unref();
lifecycle.onShutdown('key-ring', () => clearInterval(keyRefresh));
const tokenSettings = { issuer: config.SESSION_ISSUER, audience: config.SESSION_AUDIENCE };
const sessionStore = createSessionStore(redis.producer);
const rateLimiter = createRateLimiter(redis.producer);
const sessions = createSessions({
  issuer: createTokenIssuer({ keys: () => keyRing.keys(), ...tokenSettings, ttlSeconds: config.SESSION_TOKEN_TTL_SECONDS }),
  verifier: createTokenVerifier({ jwks: localJwks(() => keyRing.keys()), ...tokenSettings }),
  renewalVerifier: createTokenVerifier({
    jwks: localJwks(() => keyRing.keys()),
    ...tokenSettings,
    clockToleranceSeconds: config.SESSION_IDLE_TIMEOUT_SECONDS,
  }),
  sessions: sessionStore,
  users,
  settings: {
    tokenTtlSeconds: config.SESSION_TOKEN_TTL_SECONDS,
    idleSeconds: config.SESSION_IDLE_TIMEOUT_SECONDS,
    absoluteSeconds: config.SESSION_ABSOLUTE_TIMEOUT_SECONDS,
    renewAfterSeconds: Math.max(30, Math.floor(config.SESSION_TOKEN_TTL_SECONDS / 5)),
  },
});
const findUser = (identifier: string) =>
  identifier.includes('@') ? users.findByEmail(identifier.toLowerCase()) : users.findByLogin(identifier.toLowerCase());
const loginPorts: LoginPorts = {
  findUser,
  verify: (h, p) => verify(h, p).catch(() => false),
  recordFailure: (u, threshold, now, event) => users.recordFailure(u.id, threshold, now, event),
  resetFailures: (u) => users.resetFailures(u),
  spendTemporaryPassword: (u, now) => users.spendTemporaryPassword(u, now),
  now: () => new Date(),
};
const reminderPorts: PasswordReminderPorts = {
  findUser,
  accountWithinLimit: async (userId) =>
    (await rateLimiter.peek('reminder-account', userId)).count < config.REMINDER_RATE_PER_ACCOUNT_PER_HOUR,
  countIssued: async (userId) => {
    await rateLimiter.hit('reminder-account', userId, config.REMINDER_RATE_PER_ACCOUNT_PER_HOUR, 3600);
  },
  hash: (p) => hash(p, ARGON2),
  encryptForNotification: (plaintext) => encryptFor(config.NOTIFICATION_JWE_PUBLIC_KEY, plaintext),
  setTemporaryPassword: (id, temp, events) => users.setTemporaryPassword(id, temp, events),
  now: () => new Date(),
};
const accountsJobs = await createTypedQueue(accountsQueue, redis.producer, logger);
lifecycle.onShutdown('accounts-queue', () => accountsJobs.close());
const actions = createAccountActions({
  loginPorts,
  loginSettings: { maxFailedAttempts: config.LOGIN_MAX_FAILED_ATTEMPTS, dummyHash: await hash(randomUUID(), ARGON2) },
  passwordPorts: {
    verify: (h, p) => verify(h, p).catch(() => false),
    hash: (p) => hash(p, ARGON2),
    changePassword: (id, h, now) => users.changePassword(id, h, now),
    now: () => new Date(),
  },
  sessions,
  sessionStore,
  rateLimiter,
  audit,
  enqueueReminder: async (identifier, ip) => {
    // Delayed: no account-dependent work (lookups, hashing) runs while the answer is still being sent.
    await accountsJobs.add('issue-password-reminder', { identifier, ip }, { jobId: randomUUID(), delay: config.REMINDER_JOB_DELAY_MS });
  },
  limits: { loginPerIpPerMinute: config.LOGIN_RATE_PER_IP_PER_MINUTE, reminderPerIpPerHour: config.REMINDER_RATE_PER_IP_PER_HOUR },
  logger,
});
const secondFactor = createSecondFactor({ users, audit, rateLimiter, sealingSecret: config.SIGNING_KEY_SECRET });
const adminActions = createAdminActions({
  users,
  logins,
  sessionStore,
  audit,
  hash: (p) => hash(p, ARGON2),
  issueTemporaryPassword: async (user) => {
    await passwordReminderJob({ ports: reminderPorts, audit, logger }, { identifier: user.login, ip: 'admin' });
  },
});

const emailPorts: EmailChangePorts = {
  verify: (h, p) => verify(h, p).catch(() => false),
  requestEmailChange: (id, pending, events) => users.requestEmailChange(id, pending, events),
  confirmEmailChange: (id, tokenHash, email) => users.confirmEmailChange(id, tokenHash, email),
  now: () => new Date(),
};
const profileAudit = (user: { id: string; login: string; role: string; voivodeship: string | null }, ip: string, email: string) =>
  audit.record({
    action: 'profile-changed',
    outcome: 'success',
    actor: { userId: user.id, login: user.login, role: user.role },
    subject: { userId: user.id, login: user.login },
    ip,
    voivodeship: user.voivodeship,
    details: { email },
  });
const emailChange: EmailChangeActions = {
  request: async (session, input, ip) => {
    await requestEmailChangeUseCase(emailPorts, session.user, input, {
      publicBaseUrl: config.PUBLIC_BASE_URL,
      correlationId: correlationId(),
    });
    await profileAudit(session.user, ip, 'change-requested');
  },
  confirm: async (userId, token, ip) => {
    const user = await users.findById(userId);
    const email = await confirmEmailChangeUseCase(emailPorts, user, token);
    if (user) await profileAudit(user, ip, 'change-confirmed');
    return email;
  },
};

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
  trustProxyHops: config.TRUST_PROXY_HOPS,
  accounts: {
    sessions,
    actions,
    admin: adminActions,
    secondFactor,
    users,
    audit,
    keys: () => keyRing.keys(),
    searchUnits: (q) => units.search(q),
    listPermissionRequests: (userId) => requests.listForUser(userId),
    emailChange,
    submitPermissionRequest: async (session, input, key) =>
      submitPermissionRequestUseCase(
        { findUnit: (id) => units.findPublic(id), insert: (r, events) => requests.insert(r, events), now: () => new Date() },
        session.user,
        input,
        { ...(key ? { requestId: uuidv5Like(session.user.id, key) } : {}), correlationId: correlationId() },
      ),
  },
  pages: {
    settings,
    ports,
    inputSchema,
    findByNumberAndToken: (n, t) => applications.findByNumberAndToken(n, t),
    statusByNumber: (n) => applications.statusByNumber(n),
    accountExists: async (userId) => (await users.findById(userId)) !== null,
  },
});

await startConsumers(platform, http.metrics, [
  // No inbox: the handler is a guarded transition (only from awaiting-document, dated by the scan), so a
  // replayed event is a no-op on its own, and every scan would pay two more database round trips.
  { ...CONSUMERS.registrationScans, inbox: false, handlers: scanStatusHandlers(applications) },
  {
    ...CONSUMERS.registrationDecisions,
    handlers: {
      ...applicationDecisionHandlers({ applications, users, units, logins, audit }),
      ...permissionDecisionHandlers({ requests, users, audit }),
    },
  },
]);

const maintenance = await createTypedQueue(maintenanceQueue, redis.producer, logger);
lifecycle.onShutdown('maintenance-queue', () => maintenance.close());
const maintenanceProcessors = {
  'check-deadlines': async () => {
    await releaseOrphansJob({ applications, logins, units, now: () => new Date(), graceMs: config.ORPHAN_GRACE_MS, logger });
    return checkDeadlinesJob({
      applications,
      reminderAfterDays: config.REMINDER_AFTER_DAYS,
      now: () => new Date(),
      logger,
      release: (app) => releaseReservations({ logins, units }, app),
    });
  },
};
const accountProcessors = {
  'issue-password-reminder': (p: { identifier: string; ip: string }) => passwordReminderJob({ ports: reminderPorts, audit, logger }, p),
};
assertProcessors([maintenanceQueue, accountsQueue], {
  [maintenanceQueue.name]: maintenanceProcessors,
  [accountsQueue.name]: accountProcessors,
});
await maintenance.schedule(DEADLINES_SCHEDULER_ID, config.DEADLINE_CHECK_EVERY_MS, 'check-deadlines', {});
const worker = createTypedWorker(maintenanceQueue, maintenanceProcessors, redis.worker, logger, {
  concurrency: 1,
  // Short passes: after a crash the next replica or restart takes over within seconds, not the default 30 s.
  lockDurationMs: 10_000,
  stalledIntervalMs: 5_000,
});
lifecycle.onShutdown('maintenance-worker', () => worker.close());
const accountsWorker = createTypedWorker(accountsQueue, accountProcessors, redis.worker, logger, { concurrency: 4 });
lifecycle.onShutdown('accounts-worker', () => accountsWorker.close());
http.metrics.gauge('cas_queue_jobs', 'BullMQ jobs by state', ['queue', 'state'], async (set) => {
  for (const [state, n] of Object.entries(await maintenance.counts())) set({ queue: maintenanceQueue.name, state }, n);
  for (const [state, n] of Object.entries(await accountsJobs.counts())) set({ queue: accountsQueue.name, state }, n);
});

// Queries from other services over core NATS (a queue group spreads them over replicas).
const adminsResponder = serveJson(
  platform.nc,
  REQUESTS.voivodeshipAdmins,
  'registration',
  voivodeshipAdminsRequest,
  async (): Promise<VoivodeshipAdminsReply> => ({
    admins: (await users.listByRole(ROLES.voivodeshipAdmin))
      .filter((a) => a.status === USER_STATUS.active && a.voivodeship !== null)
      .map((a) => ({ voivodeship: a.voivodeship!, login: a.login, email: a.email })),
  }),
  logger,
);
lifecycle.onShutdown('requests', () => adminsResponder.unsubscribe());

await serveHttp(platform, http, config.HTTP_PORT, config.HTTP_HOST);

/** A request id derived from the user and their Idempotency-Key: the same key creates one request. */
function uuidv5Like(userId: string, key: string): string {
  return createHash('sha256').update(`${userId}|${key}`).digest('hex').slice(0, 32);
}
