import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, toolsDir } from './paths.js';

/**
 * Infrastructure binaries the project builds itself from the Go module proxy (DESIGN §8). Each is built once
 * into `.tools/bin` (git-ignored); a stamp file records the version so a version bump rebuilds.
 */
export const TOOL_VERSIONS = {
  // The suffix versions our wrapper (deploy/local/ferretdb): bump it when main.go or a patch changes, to rebuild.
  ferretdb: 'v1.24.2+cas.7',
  mailpit: 'v1.27.11',
  natsServer: 'v2.15.2',
} as const;

interface ToolSpec {
  name: string;
  bin: string;
  version: string;
  build: (gobin: string) => { cmd: string; args: string[]; cwd: string };
}

const SPECS: ToolSpec[] = [
  {
    name: 'FerretDB (embedded, SQLite backend)',
    bin: 'cas-ferretdb',
    version: TOOL_VERSIONS.ferretdb,
    // Vendors FerretDB and applies deploy/local/ferretdb/patches before building (see build.sh).
    build: (gobin) => ({
      cmd: 'bash',
      args: [join(repoRoot(), 'deploy', 'local', 'ferretdb', 'build.sh'), join(gobin, 'cas-ferretdb')],
      cwd: join(repoRoot(), 'deploy', 'local', 'ferretdb'),
    }),
  },
  {
    name: 'Mailpit',
    bin: 'mailpit',
    version: TOOL_VERSIONS.mailpit,
    build: () => ({ cmd: 'go', args: ['install', `github.com/axllent/mailpit@${TOOL_VERSIONS.mailpit}`], cwd: repoRoot() }),
  },
  {
    name: 'NATS server',
    bin: 'nats-server',
    version: TOOL_VERSIONS.natsServer,
    build: () => ({
      cmd: 'go',
      args: ['install', `github.com/nats-io/nats-server/v2@${TOOL_VERSIONS.natsServer}`],
      cwd: repoRoot(),
    }),
  },
];

export function toolPath(bin: 'cas-ferretdb' | 'mailpit' | 'nats-server'): string {
  return join(toolsDir(), bin);
}

/** Redis comes from Debian (`apt-get install redis-server`); the CI script installs it when missing. */
export function redisServerPath(): string {
  for (const p of ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/usr/sbin/redis-server']) {
    if (existsSync(p)) return p;
  }
  throw new Error('redis-server not found: install it with `apt-get install -y redis-server`');
}

function upToDate(spec: ToolSpec): boolean {
  const stamp = join(toolsDir(), `${spec.bin}.version`);
  return existsSync(join(toolsDir(), spec.bin)) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === spec.version;
}

/** Builds whatever is missing, printing progress (the first build takes a few minutes). */
export async function ensureTools(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<void> {
  const gobin = toolsDir();
  mkdirSync(gobin, { recursive: true });
  for (const spec of SPECS) {
    if (upToDate(spec)) continue;
    const started = Date.now();
    log(`[tools] building ${spec.name} ${spec.version} with Go (one time, may take a few minutes)...`);
    const { cmd, args, cwd } = spec.build(gobin);
    await run(cmd, args, cwd, { ...process.env, GOBIN: gobin, GOFLAGS: '-buildvcs=false', CGO_ENABLED: '0' }, log);
    writeFileSync(join(gobin, `${spec.bin}.version`), `${spec.version}\n`);
    log(`[tools] ${spec.name} ready in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  redisServerPath();
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, log: (l: string) => void): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let lastTick = Date.now();
    const onData = (buf: Buffer) => {
      for (const line of buf.toString().split('\n')) {
        if (!line.trim()) continue;
        // Go prints one line per downloaded module; show a heartbeat rather than hundreds of lines.
        if (Date.now() - lastTick > 5_000) {
          log(`[tools]   ... ${line.trim().slice(0, 120)}`);
          lastTick = Date.now();
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`))));
  });
}
