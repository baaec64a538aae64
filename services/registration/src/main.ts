import { hash } from '@node-rs/argon2';
import { loadConfigOrExit } from '@cas/config';
import { createOutboxRelay } from '@cas/mongo';
import { serveHttp, startPlatform } from '@cas/runtime';
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
const platform = await startPlatform({ service: 'registration', dbName: config.MONGO_DB, config, useRedis: false });
const { logger, lifecycle, mongo } = platform;

const models = registerModels(mongo);
await Promise.all([models.Application.init(), models.Counter.init(), models.Unit.init(), models.Login.init()]);
const applications = createApplicationRepository(models);
const counters = createCounterRepository(models);
const units = createUnitRepository(models);
const logins = createLoginRepository(models);

const relay = createOutboxRelay({
  collections: [models.Application.collection],
  publisher: platform.publisher,
  logger,
  intervalMs: config.OUTBOX_POLL_MS,
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
  eventsWritten: () => relay.notify(),
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
await serveHttp(platform, http, config.HTTP_PORT, config.HTTP_HOST);
