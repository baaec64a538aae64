/**
 * `npm start`: the whole system on embedded defaults — FerretDB (SQLite in .data/), NATS with JetStream,
 * Redis (AOF), Mailpit, and the four services — with URLs printed. Ctrl-C stops everything.
 * Ports can be moved with CAS_PORT_* variables (see README, "Configuration").
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir, ensureTools, repoRoot, ServiceProcess, SERVICE_NAMES, startLocalInfra, type ServiceName } from '@cas/testing';

const port = (name: string, def: number) => Number(process.env[`CAS_PORT_${name}`] ?? def);
const ports = {
  mongo: port('MONGO', 27017),
  nats: port('NATS', 4322),
  natsMonitor: port('NATS_MONITOR', 8322),
  redis: port('REDIS', 6390),
  smtp: port('SMTP', 1025),
  mailpitHttp: port('MAILPIT', 8025),
};
const servicePorts: Record<ServiceName, number> = {
  registration: port('REGISTRATION', 3001),
  'document-intake': port('INTAKE', 3002),
  approval: port('APPROVAL', 3003),
  notification: port('NOTIFICATION', 3004),
};

const CREDENTIALS_FILE = join(dataDir(), 'demo-credentials.json');
const t0 = Date.now();
await ensureTools();
const dir = join(dataDir(), 'local');
console.log(`[start] infrastructure in ${dir}`);
const infra = await startLocalInfra({ dir, ports });
const env = {
  NODE_ENV: 'development',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  MONGO_URL: infra.mongoUrl,
  NATS_URL: infra.natsUrl,
  REDIS_URL: infra.redisUrl,
  SMTP_HOST: infra.smtp.host,
  SMTP_PORT: String(infra.smtp.port),
  PUBLIC_BASE_URL: `http://localhost:${servicePorts.registration}`,
  PORTAL_BASE_URL: `http://localhost:${servicePorts.registration}`,
  REGISTRATION_JWKS_URL: `http://localhost:${servicePorts.registration}/.well-known/jwks.json`,
  INTAKE_URL: `http://localhost:${servicePorts['document-intake']}`,
};
// Demo data (development only): a few active units to try "join an existing unit".
const seed = spawnSync(process.execPath, [join(repoRoot(), 'services', 'registration', 'dist', 'cli', 'seed-demo.js')], {
  env: { ...process.env, ...env },
  encoding: 'utf8',
});
process.stdout.write(`[start] ${seed.stdout || seed.stderr}`);
const credentials = demoCredentials(env);

const services = SERVICE_NAMES.map((s) => new ServiceProcess(s, servicePorts[s], env, join(dir, 'logs', `${s}.log`)));

let stopping: Promise<void> | undefined;
/** Idempotent: a second Ctrl-C (or SIGTERM) waits for the same orderly stop instead of cutting it short. */
async function stopAll(code: number): Promise<never> {
  stopping ??= (async () => {
    console.log('\n[start] stopping services and infrastructure...');
    await Promise.all(services.map((s) => s.stop()));
    await infra.stop();
    console.log('[start] stopped.');
  })();
  await stopping;
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  await Promise.all(services.map((s) => s.start()));
} catch (e) {
  console.error(`[start] a service failed to start: ${(e as Error).message}`);
  await stopAll(1);
}

console.log(`
CAS Rejestracja is running (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s). Ctrl-C stops everything.

  Portal (registration)     http://localhost:${servicePorts.registration}/
  Admin UI (approval)       http://localhost:${servicePorts.approval}/
  Mailroom API (intake)     http://localhost:${servicePorts['document-intake']}/api/v1/scans
  Notification (health)     http://localhost:${servicePorts.notification}/readyz
  Mailpit (e-mails)         ${infra.mailpitUrl}/

  Try: register at /rejestracja, or search an existing demo unit there (e.g. "Kielcach" or REGON 290471186).
  Mailroom API key for voivodeship 26 (demo): ${credentials.mailroomApiKeys['26'] ?? '(none)'}
  Demo admins (password and TOTP secret in the file below): ${credentials.admins.map((a) => (a as { login: string }).login).join(', ') || '(none)'}
  Demo access is also in ${CREDENTIALS_FILE}.

  Logs: ${join(dir, 'logs')}
`);
await new Promise(() => undefined);

/**
 * Demo access (development only, DESIGN §8), made on the first run and kept in `.data/demo-credentials.json`:
 * a mailroom API key for voivodeship 26 (the intake CLI; only its hash is in the database) and two admins with
 * an enrolled authenticator (registration's seed-demo-admins: a central admin and one for voivodeship 26).
 */
function demoCredentials(env: NodeJS.ProcessEnv): { mailroomApiKeys: Record<string, string>; admins: unknown[] } {
  const saved = existsSync(CREDENTIALS_FILE)
    ? (JSON.parse(readFileSync(CREDENTIALS_FILE, 'utf8')) as { mailroomApiKeys?: Record<string, string>; admins?: unknown[] })
    : {};
  const creds = { mailroomApiKeys: saved.mailroomApiKeys ?? {}, admins: saved.admins ?? [] };
  if (!creds.mailroomApiKeys['26']) {
    const cli = join(repoRoot(), 'services', 'document-intake', 'dist', 'cli', 'mailroom-keys.js');
    const out = spawnSync(process.execPath, [cli, 'create', '--voivodeship', '26', '--name', 'Kancelaria ŚUW (demo)', '--json'], {
      env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    });
    if (out.status === 0) creds.mailroomApiKeys['26'] = (JSON.parse(out.stdout) as { apiKey: string }).apiKey;
    else console.error(`[start] no demo mailroom key: ${out.stderr}`);
  }
  const seeded = spawnSync(process.execPath, [join(repoRoot(), 'services', 'registration', 'dist', 'cli', 'seed-demo-admins.js')], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  if (seeded.status !== 0) console.error(`[start] no demo admins: ${seeded.stderr}`);
  else {
    const admins = JSON.parse(seeded.stdout) as unknown[];
    if (admins.length > 0) creds.admins = admins; // new ones (first run, or a fresh database)
  }
  writeFileSync(CREDENTIALS_FILE, `${JSON.stringify(creds, null, 2)}\n`, { mode: 0o600 });
  return creds;
}
