import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagedProcess } from './managed-process.js';
import { natsClusterProcesses } from './nats-cluster.js';
import { freePort, httpOk, portOpen, waitFor } from './ports.js';
import { redisServerPath, toolPath } from './tools.js';
import type { Infra, InfraComponent, InfraOptions } from './infra.js';

/** One process, or several that start and stop together (a NATS cluster), as one component. */
function component(name: InfraComponent['name'], ...procs: ManagedProcess[]): InfraComponent {
  const all = (f: (p: ManagedProcess) => Promise<void>) => Promise.all(procs.map(f)).then(() => undefined);
  return {
    name,
    get running() {
      return procs.every((p) => p.running);
    },
    get pids() {
      return procs.map((p) => p.pid).filter((pid): pid is number => pid !== undefined);
    },
    start: () => all((p) => p.start()),
    stop: () => all((p) => p.stop()),
    kill: () => all((p) => p.kill()),
    restart: () => all((p) => p.restart()),
  };
}

/** Starts FerretDB, NATS (JetStream), Redis (AOF, noeviction) and Mailpit as local processes. */
export async function startLocalInfra(opts: InfraOptions = {}): Promise<Infra> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'cas-infra-'));
  const want = new Set(opts.only ?? ['mongo', 'nats', 'redis', 'mailpit']);
  const p = {
    mongo: opts.ports?.mongo ?? (await freePort()),
    nats: opts.ports?.nats ?? (await freePort()),
    natsMonitor: opts.ports?.natsMonitor ?? (await freePort()),
    redis: opts.ports?.redis ?? (await freePort()),
    smtp: opts.ports?.smtp ?? (await freePort()),
    mailpitHttp: opts.ports?.mailpitHttp ?? (await freePort()),
  };
  // A port already taken would make "port open" look like "ready": refuse clearly instead.
  const taken = await Promise.all(Object.entries(p).map(async ([k, port]) => ((await portOpen(port)) ? `${k}=${port}` : null)));
  const busy = taken.filter(Boolean);
  if (busy.length) throw new Error(`ports already in use: ${busy.join(', ')} (another CAS instance running? set CAS_PORT_* to move)`);
  for (const sub of ['ferretdb', 'nats', 'redis', 'mailpit', 'logs']) mkdirSync(join(dir, sub), { recursive: true });
  const logs = join(dir, 'logs');

  const procs = {
    mongo: new ManagedProcess({
      name: 'ferretdb',
      cmd: toolPath('cas-ferretdb'),
      args: [
        ...['-listen-addr', `127.0.0.1:${p.mongo}`, '-data-dir', join(dir, 'ferretdb'), '-log-level', 'error'],
        // Profiling FerretDB under a benchmark: CAS_FERRETDB_PPROF=127.0.0.1:6060 serves Go's pprof there.
        ...(process.env.CAS_FERRETDB_PPROF ? ['-pprof-addr', process.env.CAS_FERRETDB_PPROF] : []),
      ],
      logFile: join(logs, 'ferretdb.log'),
      ready: () => waitFor('FerretDB', () => portOpen(p.mongo)),
    }),
    nats: new ManagedProcess({
      name: 'nats-server',
      cmd: toolPath('nats-server'),
      args: [
        '-a',
        '127.0.0.1',
        '-p',
        String(p.nats),
        '-m',
        String(p.natsMonitor),
        '-js',
        '-sd',
        join(dir, 'nats'),
        '--server_name',
        'cas-local',
        // Profiling NATS under a benchmark: CAS_NATS_PROFILE=6061 serves Go's pprof on that port.
        ...(process.env.CAS_NATS_PROFILE ? ['--profile', process.env.CAS_NATS_PROFILE] : []),
      ],
      logFile: join(logs, 'nats.log'),
      ready: () => waitFor('NATS', () => httpOk(`http://127.0.0.1:${p.natsMonitor}/healthz?js-enabled-only=true`)),
    }),
    redis: new ManagedProcess({
      name: 'redis-server',
      cmd: redisServerPath(),
      args: [
        '--port',
        String(p.redis),
        '--bind',
        '127.0.0.1',
        '--dir',
        join(dir, 'redis'),
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
        '--save',
        '',
        '--maxmemory-policy',
        'noeviction',
        '--daemonize',
        'no',
        '--protected-mode',
        'yes',
      ],
      logFile: join(logs, 'redis.log'),
      ready: () => waitFor('Redis', () => portOpen(p.redis)),
    }),
    mailpit: new ManagedProcess({
      name: 'mailpit',
      cmd: toolPath('mailpit'),
      args: [
        '--smtp',
        `127.0.0.1:${p.smtp}`,
        '--listen',
        `127.0.0.1:${p.mailpitHttp}`,
        '--database',
        join(dir, 'mailpit', 'mailpit.db'),
        '--max',
        '100000',
        '--smtp-auth-accept-any',
        '--smtp-auth-allow-insecure',
        '--disable-version-check',
        '--quiet',
      ],
      logFile: join(logs, 'mailpit.log'),
      ready: () => waitFor('Mailpit', () => httpOk(`http://127.0.0.1:${p.mailpitHttp}/api/v1/info`)),
    }),
  };

  // A cluster replaces the single NATS server (its nodes start together: each waits for the others' routes).
  const cluster = opts.natsCluster && want.has('nats') ? await natsClusterProcesses(dir, logs, opts.natsCluster) : undefined;
  if (cluster) want.delete('nats');
  const toStart = [
    ...(Object.keys(procs) as (keyof typeof procs)[]).filter((k) => want.has(k)).map((k) => procs[k]),
    ...(cluster?.nodes ?? []),
  ];
  const started: ManagedProcess[] = [];
  try {
    await Promise.all(
      toStart.map(async (proc) => {
        await proc.start();
        started.push(proc);
      }),
    );
  } catch (e) {
    await Promise.all(started.map((s) => s.kill()));
    throw e;
  }

  return {
    mongoUrl: `mongodb://127.0.0.1:${p.mongo}`,
    natsUrl: cluster ? cluster.urls.join(',') : `nats://127.0.0.1:${p.nats}`,
    redisUrl: `redis://127.0.0.1:${p.redis}`,
    smtp: { host: '127.0.0.1', port: p.smtp },
    mailpitUrl: `http://127.0.0.1:${p.mailpitHttp}`,
    components: {
      mongo: component('mongo', procs.mongo),
      nats: cluster ? component('nats', ...cluster.nodes) : component('nats', procs.nats),
      redis: component('redis', procs.redis),
      mailpit: component('mailpit', procs.mailpit),
    },
    ...(cluster ? { natsNodes: cluster.nodes.map((node) => component('nats', node)) } : {}),
    async stop() {
      await Promise.all([...Object.values(procs), ...(cluster?.nodes ?? [])].map((proc) => proc.stop(5_000)));
      if (!opts.dir && !process.env.CAS_KEEP_TEST_DIRS) rmSync(dir, { recursive: true, force: true });
    },
  };
}
