import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MailpitClient } from './mailpit.js';
import { freePort } from './ports.js';
import { ServiceProcess, SERVICE_NAMES, type ServiceName } from './service-process.js';
import { startInfra } from './start-infra.js';
import type { Infra, InfraOptions } from './infra.js';

export interface SystemOptions {
  /** Which services to run (all four by default). */
  services?: readonly ServiceName[];
  /** Extra env per service (e.g. `CAS_FAULT_POINTS`). */
  env?: Partial<Record<ServiceName, NodeJS.ProcessEnv>>;
  infra?: InfraOptions;
}

export interface System {
  dir: string;
  infra: Infra;
  mailpit: MailpitClient;
  services: Partial<Record<ServiceName, ServiceProcess>>;
  service(name: ServiceName): ServiceProcess;
  /**
   * Starts one more replica of a service on a free port, with the same environment plus `env` (scale-out tests);
   * it is stopped with the system.
   */
  startReplica(name: ServiceName, env?: NodeJS.ProcessEnv): Promise<ServiceProcess>;
  stop(): Promise<void>;
}

/**
 * The whole system for end-to-end and fault tests: its own infrastructure on free ports and the built
 * services as real processes, logs under a temp dir.
 */
export async function startSystem(opts: SystemOptions = {}): Promise<System> {
  const dir = opts.infra?.dir ?? mkdtempSync(join(tmpdir(), 'cas-system-'));
  const infra = await startInfra({ ...opts.infra, dir });
  const names = opts.services ?? SERVICE_NAMES;
  const ports = Object.fromEntries(await Promise.all(SERVICE_NAMES.map(async (n) => [n, await freePort()] as const))) as Record<
    ServiceName,
    number
  >;
  const common: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.CAS_TEST_LOG_LEVEL ?? 'info',
    MONGO_URL: infra.mongoUrl,
    NATS_URL: infra.natsUrl,
    REDIS_URL: infra.redisUrl,
    SMTP_HOST: infra.smtp.host,
    SMTP_PORT: String(infra.smtp.port),
    PUBLIC_BASE_URL: `http://localhost:${ports.registration}`,
    PORTAL_BASE_URL: `http://localhost:${ports.registration}`,
    REGISTRATION_JWKS_URL: `http://localhost:${ports.registration}/.well-known/jwks.json`,
    INTAKE_URL: `http://localhost:${ports['document-intake']}`,
    NOTIFICATION_URL: `http://localhost:${ports.notification}`,
    REGISTRATION_URL: `http://localhost:${ports.registration}`,
    APPROVAL_PUBLIC_URL: `http://localhost:${ports.approval}`,
    OUTBOX_POLL_MS: '200',
  };
  const services: System['services'] = {};
  const replicas: ServiceProcess[] = [];
  for (const n of names) {
    services[n] = new ServiceProcess(n, ports[n], { ...common, ...opts.env?.[n] }, join(dir, 'logs', `${n}.log`));
  }
  try {
    await Promise.all(Object.values(services).map((s) => s.start()));
  } catch (e) {
    await Promise.all(Object.values(services).map((s) => s.kill()));
    await infra.stop();
    throw e;
  }
  return {
    dir,
    infra,
    mailpit: new MailpitClient(infra.mailpitUrl),
    services,
    service(name) {
      const s = services[name];
      if (!s) throw new Error(`service ${name} not started`);
      return s;
    },
    async startReplica(name, env = {}) {
      const replica = new ServiceProcess(
        name,
        await freePort(),
        { ...common, ...opts.env?.[name], ...env },
        join(dir, 'logs', `${name}-${replicas.length + 2}.log`),
      );
      replicas.push(replica);
      await replica.start();
      return replica;
    },
    async stop() {
      await Promise.all([...Object.values(services), ...replicas].map((s) => s.stop()));
      await infra.stop();
      // A directory we made ourselves goes with the run (logs and data: several MB each); keep it with
      // CAS_KEEP_TEST_DIRS=1 to read the logs afterwards.
      if (!opts.infra?.dir && !process.env.CAS_KEEP_TEST_DIRS) rmSync(dir, { recursive: true, force: true });
    },
  };
}
