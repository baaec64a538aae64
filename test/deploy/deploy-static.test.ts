/**
 * Static checks of the deployment files (ADR 0005): docker-compose.yml, deploy/Dockerfile, the reverse proxy,
 * the NATS config and the Kubernetes manifests in deploy/k8s. No container engine or cluster is needed:
 *
 * - docker-compose.yml is validated against the official compose-spec JSON schema (as shipped by the `dclint`
 *   package) and then checked for what the services need (env, healthchecks, scalability, infrastructure);
 * - every Kubernetes manifest is validated against the Kubernetes OpenAPI schema (the `kubernetes-models`
 *   validators) and cross-checked (probes, ports, selectors, HPA targets, Ingress backends, env references);
 * - the Dockerfile is read instruction by instruction.
 *
 * When a real tool is installed (`.tools/bin` or PATH) its own check runs too: `docker compose config -q`,
 * `caddy adapt` (routing is then resolved from Caddy's own JSON), `nats-server -t`, `kustomize build`.
 * Each of those single checks is skipped, with a note, when its tool is absent.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { ConfigMap, type IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret, type ISecret } from 'kubernetes-models/v1/Secret';
import { Service, type IService } from 'kubernetes-models/v1/Service';
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler, type IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress, type IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { PodDisruptionBudget, type IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IIoK8sApiCoreV1Container as IContainer } from 'kubernetes-models/v1/Container';
import type { IIoK8sApiCoreV1Probe as IProbe } from 'kubernetes-models/v1/Probe';

const root = resolve(import.meta.dirname, '..', '..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');

// ---------------------------------------------------------------------------------------------------------
// What the services need (README of the services / their config.ts)

type ServiceName = 'registration' | 'document-intake' | 'approval' | 'notification';

interface ServiceSpec {
  port: number;
  db: string;
  redis: boolean;
  /** Routed by the proxy / Ingress (notification is internal only). */
  public: boolean;
  /** Env keys beyond the base set. */
  extraEnv: string[];
  /** Keys that must come from a Secret in Kubernetes. */
  secretEnv: string[];
}

const BASE_ENV = [
  'NODE_ENV',
  'LOG_LEVEL',
  'HTTP_HOST',
  'HTTP_PORT',
  'MONGO_URL',
  'MONGO_DB',
  'NATS_URL',
  'NATS_STREAM_REPLICAS',
  'SHUTDOWN_TIMEOUT_MS',
];

const SERVICES: Record<ServiceName, ServiceSpec> = {
  registration: {
    port: 3001,
    db: 'cas_registration',
    redis: true,
    public: true,
    extraEnv: [
      'PUBLIC_BASE_URL',
      'VERIFICATION_CODE_KEY',
      'SIGNING_KEY_SECRET',
      'NOTIFICATION_JWE_PUBLIC_KEY',
      'TRUST_PROXY_HOPS',
      'APPLICATION_EXPIRY_DAYS',
      'OUTBOX_POLL_MS',
    ],
    secretEnv: ['MONGO_URL', 'REDIS_URL', 'VERIFICATION_CODE_KEY', 'SIGNING_KEY_SECRET', 'NOTIFICATION_JWE_PUBLIC_KEY'],
  },
  'document-intake': { port: 3002, db: 'cas_intake', redis: true, public: true, extraEnv: [], secretEnv: ['MONGO_URL', 'REDIS_URL'] },
  approval: { port: 3003, db: 'cas_approval', redis: false, public: true, extraEnv: [], secretEnv: ['MONGO_URL'] },
  notification: {
    port: 3004,
    db: 'cas_notification',
    redis: true,
    public: false,
    extraEnv: [
      'SMTP_HOST',
      'SMTP_PORT',
      'SMTP_SECURE',
      'SMTP_USER',
      'SMTP_PASSWORD',
      'MAIL_FROM',
      'MESSAGE_ID_DOMAIN',
      'PORTAL_BASE_URL',
      'EMAIL_CONCURRENCY',
      'EMAIL_RATE_PER_SECOND',
      'SMTP_POOL_SIZE',
      'NOTIFICATION_JWE_PRIVATE_KEY',
    ],
    secretEnv: ['MONGO_URL', 'REDIS_URL', 'SMTP_PASSWORD', 'NOTIFICATION_JWE_PRIVATE_KEY'],
  },
};
const SERVICE_NAMES = Object.keys(SERVICES) as ServiceName[];

function requiredEnv(name: ServiceName): string[] {
  const s = SERVICES[name];
  return [...BASE_ENV, ...(s.redis ? ['REDIS_URL'] : []), ...s.extraEnv];
}

/** Env keys a deployment may set that no config schema reads. */
const ENV_OUTSIDE_SCHEMA = new Set(['NODE_OPTIONS', 'REDIS_SKIP_EVICTION_CHECK']);

/** Keys of a service's zod config schema (a z.object, possibly inside a pipe/transform). */
function schemaKeys(schema: unknown): string[] {
  const s = schema as { shape?: Record<string, unknown>; in?: unknown };
  if (s.shape) return Object.keys(s.shape);
  if (s.in) return schemaKeys(s.in);
  throw new Error('config schema is neither a z.object nor a pipe of one');
}

async function configKeys(name: ServiceName): Promise<string[]> {
  switch (name) {
    case 'registration':
      return schemaKeys((await import('../../services/registration/src/config.js')).registrationConfigSchema);
    case 'document-intake':
      return schemaKeys((await import('../../services/document-intake/src/config.js')).intakeConfigSchema);
    case 'approval':
      return schemaKeys((await import('../../services/approval/src/config.js')).approvalConfigSchema);
    case 'notification':
      return schemaKeys((await import('../../services/notification/src/config.js')).notificationConfigSchema);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Small helpers

/** Compose-style interpolation with an empty environment: `${X:-default}` → default, `${X}` → ''. */
function interpolate(value: string): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g, (_m, _name, def?: string) => def ?? '');
}

/** Compose/Docker durations ("15s", "1m30s", "500ms") in milliseconds. */
function durationMs(d: string | number | undefined): number {
  if (d === undefined) return 10_000; // compose default stop_grace_period
  if (typeof d === 'number') return d / 1e6;
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s|us)/g;
  let m: RegExpExecArray | null;
  let matched = '';
  while ((m = re.exec(d)) !== null) {
    matched += m[0];
    const n = Number(m[1]);
    total += n * { h: 3_600_000, m: 60_000, s: 1_000, ms: 1, us: 0.001 }[m[2] as 'h' | 'm' | 's' | 'ms' | 'us'];
  }
  if (matched !== d) throw new Error(`bad duration ${d}`);
  return total;
}

/** A tool from .tools/bin (built by scripts/prepare-tools.ts) or PATH, or undefined when absent. */
function findTool(name: string, versionArgs: string[]): string | undefined {
  for (const candidate of [join(root, '.tools', 'bin', name), name]) {
    if (candidate.includes('/') && !existsSync(candidate)) continue;
    const r = spawnSync(candidate, versionArgs, { encoding: 'utf8', timeout: 20_000 });
    if (!r.error && r.status === 0) return candidate;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// docker-compose.yml

interface ComposeHealthcheck {
  test?: string[] | string;
  interval?: string;
  timeout?: string;
  retries?: number;
  start_period?: string;
  disable?: boolean;
}
interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string; args?: Record<string, string> };
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null>;
  healthcheck?: ComposeHealthcheck;
  depends_on?: Record<string, { condition?: string }> | string[];
  ports?: unknown[];
  container_name?: string;
  restart?: string;
  stop_grace_period?: string;
  read_only?: boolean;
  volumes?: (string | { source?: string; target?: string })[];
}
interface Compose {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const composeText = read('docker-compose.yml');
// Compose resolves YAML merge keys (`<<: *anchor`) before it validates, so the test does too.
const compose = parse(composeText, { merge: true }) as Compose;
const svc = (name: string): ComposeService => {
  const s = compose.services[name];
  if (!s) throw new Error(`docker-compose.yml has no service "${name}"`);
  return s;
};
const envOf = (name: string): Record<string, string> =>
  Object.fromEntries(Object.entries(svc(name).environment ?? {}).map(([k, v]) => [k, v === null ? '' : String(v)]));
const commandOf = (name: string): string => {
  const c = svc(name).command;
  return Array.isArray(c) ? c.join(' ') : (c ?? '');
};
/** Volume mounts in short syntax (`source:target[:mode]`). */
const volumesOf = (name: string): string[] =>
  (svc(name).volumes ?? []).map((v) => (typeof v === 'string' ? v : `${v.source ?? ''}:${v.target ?? ''}`));
const healthTest = (name: string): string => {
  const t = svc(name).healthcheck?.test;
  return Array.isArray(t) ? t.join(' ') : (t ?? '');
};
/** host:port of every URL in a (comma-separated) list. */
function urlHosts(list: string): { protocol: string; host: string; port: string; url: URL }[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const url = new URL(interpolate(s));
      return { protocol: url.protocol, host: url.hostname, port: url.port, url };
    });
}

describe('docker-compose.yml', () => {
  it('is valid against the official compose-spec JSON schema', () => {
    const schema = JSON.parse(read('node_modules/dclint/schemas/compose.schema.json')) as Record<string, unknown>;
    expect(schema.title).toBe('Compose Specification');
    delete schema.$schema; // "https://json-schema.org/draft-07/schema": Ajv's default draft, under its http id
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const ok = validate(compose);
    expect(ok, ajv.errorsText(validate.errors, { separator: '\n' })).toBe(true);

    // The validator is not vacuous: typical mistakes are rejected.
    const broken = structuredClone(compose);
    (broken.services.redis as Record<string, unknown>).restrat = 'always';
    (broken.services.registration!.healthcheck as Record<string, unknown>).interval = 15;
    expect(validate(broken)).toBe(false);
  });

  it('builds each of the four services from deploy/Dockerfile with its SERVICE and HTTP_PORT', () => {
    expect(readdirSync(join(root, 'services')).sort()).toEqual([...SERVICE_NAMES].sort());
    for (const name of SERVICE_NAMES) {
      const b = svc(name).build;
      expect(b, name).toBeDefined();
      expect(resolve(root, b!.context ?? '.'), name).toBe(root);
      expect(b!.dockerfile, name).toBe('deploy/Dockerfile');
      expect(b!.args?.SERVICE, name).toBe(name);
      expect(Number(b!.args?.HTTP_PORT), name).toBe(SERVICES[name].port);
    }
  });

  it('gives every service the environment it needs, with container-ready values', () => {
    for (const name of SERVICE_NAMES) {
      const env = envOf(name);
      const spec = SERVICES[name];
      for (const key of requiredEnv(name)) expect(Object.keys(env), `${name} env`).toContain(key);
      expect(env.NODE_ENV, name).toBe('production');
      expect(env.HTTP_HOST, name).toBe('0.0.0.0');
      expect(Number(env.HTTP_PORT), name).toBe(spec.port);
      expect(env.MONGO_DB, name).toBe(spec.db);
      expect(env.NATS_STREAM_REPLICAS, name).toBe('1');

      const [mongo] = urlHosts(env.MONGO_URL!);
      expect(mongo!.protocol, name).toBe('mongodb:');
      expect(compose.services[mongo!.host], `${name} MONGO_URL host`).toBeDefined();
      expect(mongo!.url.searchParams.get('replicaSet'), `${name} MONGO_URL`).toBe('rs0');

      const nats = urlHosts(env.NATS_URL!);
      expect(nats.length, name).toBeGreaterThan(0);
      for (const n of nats) expect(compose.services[n.host], `${name} NATS_URL host`).toBeDefined();

      if (spec.redis) {
        const [redis] = urlHosts(env.REDIS_URL!);
        expect(redis!.host, name).toBe('redis');
      } else {
        expect(env.REDIS_URL, `${name} does not use Redis`).toBeUndefined();
      }
      // Redis is configured with noeviction, so the eviction check must stay on.
      expect(env.REDIS_SKIP_EVICTION_CHECK, name).toBeUndefined();
    }
    const reg = envOf('registration');
    expect(interpolate(reg.VERIFICATION_CODE_KEY!).length).toBeGreaterThanOrEqual(32);
    expect(() => new URL(interpolate(reg.PUBLIC_BASE_URL!))).not.toThrow();

    const notif = envOf('notification');
    expect(compose.services[notif.SMTP_HOST!], 'SMTP_HOST is a compose service').toBeDefined();
    expect(notif.SMTP_HOST).toBe('mailpit');
    expect(notif.SMTP_PORT).toBe('1025');
    expect(() => new URL(interpolate(notif.PORTAL_BASE_URL!))).not.toThrow();
  });

  it('sets no env key the service does not read (typos)', async () => {
    for (const name of SERVICE_NAMES) {
      const known = new Set(await configKeys(name));
      for (const key of requiredEnv(name)) expect(known.has(key), `${name} reads ${key}`).toBe(true);
      for (const key of Object.keys(envOf(name))) {
        expect(known.has(key) || ENV_OUTSIDE_SCHEMA.has(key), `${name}: ${key} is not read by the service`).toBe(true);
      }
    }
  });

  it('keeps the services scalable: no container_name, no published ports', () => {
    for (const name of SERVICE_NAMES) {
      expect(svc(name).container_name, name).toBeUndefined();
      expect(svc(name).ports, name).toBeUndefined();
    }
    for (const [name, s] of Object.entries(compose.services)) expect(s.container_name, name).toBeUndefined();
    const publishing = Object.entries(compose.services)
      .filter(([, s]) => s.ports?.length)
      .map(([n]) => n)
      .sort();
    expect(publishing).toEqual(['mailpit', 'proxy']);
  });

  it('healthchecks each service on its own /healthz port, restarts it, and outwaits its graceful shutdown', () => {
    for (const name of SERVICE_NAMES) {
      const s = svc(name);
      const env = envOf(name);
      expect(s.healthcheck, name).toBeDefined();
      expect(s.healthcheck!.disable, name).not.toBe(true);
      expect(healthTest(name), name).toMatch(/^CMD /);
      const target = /http:\/\/(127\.0\.0\.1|localhost):(\d+)\/healthz/.exec(healthTest(name));
      expect(target, `${name} healthcheck targets /healthz`).not.toBeNull();
      expect(Number(target![2]), name).toBe(Number(env.HTTP_PORT));
      expect(s.restart, name).toMatch(/^(always|unless-stopped|on-failure)/);
      expect(durationMs(s.stop_grace_period), name).toBeGreaterThan(Number(env.SHUTDOWN_TIMEOUT_MS));
    }
    for (const infra of ['mongo', 'redis', 'nats', 'mailpit', 'proxy']) {
      expect(svc(infra).healthcheck?.test, `${infra} healthcheck`).toBeDefined();
      expect(svc(infra).restart, infra).toBeDefined();
    }
  });

  it('starts services after healthy dependencies that exist', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      const deps = s.depends_on ?? {};
      expect(Array.isArray(deps), `${name}: use the long depends_on form with conditions`).toBe(false);
      for (const [dep, cond] of Object.entries(deps as Record<string, { condition?: string }>)) {
        expect(compose.services[dep], `${name} depends on ${dep}`).toBeDefined();
        expect(cond.condition, `${name} -> ${dep}`).toBeDefined();
        if (cond.condition === 'service_healthy') expect(svc(dep).healthcheck?.test, `${dep} needs a healthcheck`).toBeDefined();
      }
    }
    for (const name of SERVICE_NAMES) {
      const deps = svc(name).depends_on as Record<string, { condition?: string }>;
      expect(deps.mongo?.condition, name).toBe('service_healthy');
      expect(deps.nats?.condition, name).toBe('service_healthy');
      if (SERVICES[name].redis) expect(deps.redis?.condition, name).toBe('service_healthy');
    }
    expect(Object.keys(svc('notification').depends_on!)).toContain('mailpit');
  });

  it('runs MongoDB 7 as a replica set that initiates itself', () => {
    expect(svc('mongo').image).toMatch(/^mongo:7(\.|$)/);
    expect(commandOf('mongo')).toMatch(/--replSet rs0\b/);
    expect(commandOf('mongo')).toContain('--bind_ip_all');
    const hc = healthTest('mongo');
    expect(hc).toContain('rs.initiate');
    expect(hc).toMatch(/_id: 'rs0'/);
    expect(hc).toContain("host: 'mongo:27017'");
    expect(hc).toContain('isWritablePrimary');
    expect(volumesOf('mongo').join(' ')).toMatch(/:\/data\/db\b/);
  });

  it('runs Redis 7 with an append-only file and noeviction', () => {
    expect(svc('redis').image).toMatch(/^redis:7(\.|-|$)/);
    const cmd = commandOf('redis');
    expect(cmd).toMatch(/--appendonly yes\b/);
    expect(cmd).toMatch(/--maxmemory-policy noeviction\b/);
    expect(volumesOf('redis').join(' ')).toMatch(/:\/data\b/);
  });

  it('runs NATS ≥ 2.11 with JetStream on a volume and fsync on every write', () => {
    const m = /^nats:(\d+)\.(\d+)/.exec(svc('nats').image ?? '');
    expect(m, 'nats image has a version tag').not.toBeNull();
    expect(Number(m![1]) * 1000 + Number(m![2])).toBeGreaterThanOrEqual(2011);
    const cmd = commandOf('nats');
    const conf = /(?:--config|-c)\s+(\S+)/.exec(cmd);
    expect(conf, 'nats is started with a config file').not.toBeNull();
    const mount = volumesOf('nats').find((v) => v.split(':')[1] === conf![1]);
    expect(mount, 'the config file is mounted').toBeDefined();
    const source = mount!.split(':')[0]!;
    expect(source).toBe('./deploy/nats/nats.conf');
    const text = read(source);
    expect(text).toMatch(/^\s*jetstream\s*\{/m);
    expect(text).toMatch(/^\s*sync_interval:\s*always\s*$/m);
    const storeDir = /^\s*store_dir:\s*(\S+)\s*$/m.exec(text)?.[1];
    expect(storeDir).toBeDefined();
    expect(
      volumesOf('nats').some((v) => v.split(':')[1] === storeDir),
      'store_dir is a volume',
    ).toBe(true);
    expect(healthTest('nats')).toContain('js-enabled-only=true');
  });

  it('nats-server accepts deploy/nats/nats.conf (nats-server -t)', (ctx) => {
    const bin = findTool('nats-server', ['--version']);
    if (!bin) return ctx.skip('nats-server not installed (npm run tools builds it)');
    const r = spawnSync(bin, ['-c', join(root, 'deploy/nats/nats.conf'), '-t'], { encoding: 'utf8' });
    expect(r.status, r.stderr + r.stdout).toBe(0);
  });

  it('runs Mailpit v1.27.11 with only its web UI published', () => {
    expect(svc('mailpit').image).toBe('axllent/mailpit:v1.27.11');
    const ports = (svc('mailpit').ports ?? []).map((p) => interpolate(String(p)));
    expect(ports).toEqual(['8025:8025']);
  });

  it('passes `docker compose config -q` when a compose client is installed', (ctx) => {
    const docker = findTool('docker', ['compose', 'version']);
    const cmd = docker ? [docker, 'compose'] : ((b) => (b ? [b] : undefined))(findTool('docker-compose', ['version']));
    if (!cmd) return ctx.skip('no docker compose client installed');
    const r = spawnSync(cmd[0]!, [...cmd.slice(1), '-f', join(root, 'docker-compose.yml'), 'config', '-q'], {
      encoding: 'utf8',
      cwd: root,
      timeout: 60_000,
    });
    if (r.status !== 0 && /daemon|engine|docker\.sock/i.test(r.stderr)) return ctx.skip(`compose needs an engine here: ${r.stderr}`);
    expect(r.status, r.stderr).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Reverse proxy (Caddy)

const caddyfile = read('deploy/proxy/Caddyfile');

/** Lines of the block opened on the first line matching `opener` (up to its closing brace). */
function caddyBlock(opener: RegExp): string {
  const lines = caddyfile.split('\n');
  const start = lines.findIndex((l) => opener.test(l.trim()));
  if (start < 0) throw new Error(`no block ${String(opener)} in the Caddyfile`);
  let depth = 0;
  const out: string[] = [];
  for (const line of lines.slice(start)) {
    out.push(line);
    depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
    if (depth === 0) break;
  }
  return out.join('\n');
}

/** `name:port` of every upstream in a piece of Caddyfile (`dynamic a name port` or `reverse_proxy name:port`). */
function upstreams(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/dynamic\s+a\s+(\S+)\s+(\d+)/g)) found.push(`${m[1]}:${m[2]}`);
  for (const m of text.matchAll(/reverse_proxy\s+((?:[a-z0-9-]+:\d+\s*)+)/g)) found.push(...m[1]!.trim().split(/\s+/));
  return found;
}

interface CaddyRoute {
  group?: string;
  terminal?: boolean;
  match?: { path?: string[] }[];
  handle?: CaddyHandler[];
}
interface CaddyHandler {
  handler: string;
  routes?: CaddyRoute[];
  strip_path_prefix?: string;
  status_code?: number | string;
  headers?: Record<string, string[]>;
  dynamic_upstreams?: { source: string; name: string; port: string };
  upstreams?: { dial: string }[];
}
type Routed = { upstream: string; path: string } | { status: number; location?: string } | undefined;

/** Resolves a request path through Caddy's JSON routes (the subset this Caddyfile uses). */
function route(routes: CaddyRoute[], path: string): Routed {
  const doneGroups = new Set<string>();
  const matches = (r: CaddyRoute) =>
    !r.match ||
    r.match.some((m) =>
      (m.path ?? []).some((p) => (p.endsWith('*') ? path.startsWith(p.slice(0, -1)) : path.toLowerCase() === p.toLowerCase())),
    );
  for (const r of routes) {
    if (r.group && doneGroups.has(r.group)) continue;
    if (!matches(r)) continue;
    if (r.group) doneGroups.add(r.group);
    for (const h of r.handle ?? []) {
      if (h.handler === 'static_response') return { status: Number(h.status_code ?? 200), location: h.headers?.Location?.[0] };
      if (h.handler === 'rewrite' && h.strip_path_prefix && path.startsWith(h.strip_path_prefix))
        path = path.slice(h.strip_path_prefix.length) || '/';
      if (h.handler === 'subroute') {
        const res = route(h.routes ?? [], path);
        if (res) return res;
      }
      if (h.handler === 'reverse_proxy') {
        const d = h.dynamic_upstreams;
        return { upstream: d ? `${d.name}:${d.port}` : (h.upstreams?.[0]?.dial ?? '?'), path };
      }
    }
    if (r.terminal) return undefined;
  }
  return undefined;
}

describe('reverse proxy (deploy/proxy/Caddyfile)', () => {
  it('is the config mounted into the proxy service, which publishes one port', () => {
    expect(svc('proxy').image).toMatch(/^caddy:2/);
    expect(volumesOf('proxy')).toContain('./deploy/proxy/Caddyfile:/etc/caddy/Caddyfile:ro');
    expect((svc('proxy').ports ?? []).map((p) => interpolate(String(p)))).toEqual(['8080:80']);
    for (const name of SERVICE_NAMES.filter((n) => SERVICES[n].public)) {
      expect((svc('proxy').depends_on as Record<string, unknown>)[name], `proxy waits for ${name}`).toBeDefined();
    }
  });

  it('only proxies to public services, on the port each one listens on', () => {
    const all = upstreams(caddyfile);
    expect(all.length).toBeGreaterThanOrEqual(3);
    for (const u of all) {
      const [host, port] = u.split(':');
      expect(SERVICE_NAMES, `upstream ${u} is a service`).toContain(host);
      expect(SERVICES[host as ServiceName].public, `${host} is public`).toBe(true);
      expect(Number(port), u).toBe(Number(envOf(host!).HTTP_PORT));
    }
    expect(all.some((u) => u.startsWith('notification:'))).toBe(false);
  });

  it('routes the paths of the brief to the right service', () => {
    expect(upstreams(caddyBlock(/^handle_path \/admin\/\* \{$/))).toEqual(['approval:3003']);
    const scansMatcher = /^\s*@(\S+)\s+path\s+(.*\/api\/v1\/scans.*)$/m.exec(caddyfile);
    expect(scansMatcher, '/api/v1/scans has a named path matcher').not.toBeNull();
    expect(scansMatcher![2]!.split(/\s+/)).toEqual(expect.arrayContaining(['/api/v1/scans', '/api/v1/scans/*']));
    expect(upstreams(caddyBlock(new RegExp(`^handle @${scansMatcher![1]} \\{$`)))).toEqual(['document-intake:3002']);
    expect(upstreams(caddyBlock(/^handle \{$/))).toEqual(['registration:3001']);
    expect(caddyfile).toMatch(/^\s*redir \/admin \/admin\/ 30[18]$/m);
    // Operational endpoints are answered inside a `handle` block: a bare `respond` would sort after the
    // `handle` blocks and never run.
    const operational = /^\s*@(\S+)\s+path\s+(.*\/metrics.*)$/m.exec(caddyfile);
    expect(operational, '/metrics has a named path matcher').not.toBeNull();
    expect(operational![2]!.split(/\s+/)).toEqual(expect.arrayContaining(['/metrics', '/readyz', '/healthz']));
    expect(caddyBlock(new RegExp(`^handle @${operational![1]} \\{$`))).toMatch(/^\s*respond 404$/m);
  });

  it('resolves real requests through `caddy adapt` when Caddy is installed', (ctx) => {
    const caddy = findTool('caddy', ['version']);
    if (!caddy) return ctx.skip('caddy not installed');
    const r = spawnSync(caddy, ['adapt', '--config', join(root, 'deploy/proxy/Caddyfile'), '--adapter', 'caddyfile'], {
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const cfg = JSON.parse(r.stdout) as { apps: { http: { servers: Record<string, { listen: string[]; routes: CaddyRoute[] }> } } };
    const site = Object.values(cfg.apps.http.servers).find((s) => s.listen.includes(':80'));
    expect(site).toBeDefined();
    const to = (path: string) => route(site!.routes, path);
    expect(to('/')).toEqual({ upstream: 'registration:3001', path: '/' });
    expect(to('/api/v1/applications')).toEqual({ upstream: 'registration:3001', path: '/api/v1/applications' });
    expect(to('/api/v1/auth/login')).toEqual({ upstream: 'registration:3001', path: '/api/v1/auth/login' });
    expect(to('/.well-known/jwks.json')).toEqual({ upstream: 'registration:3001', path: '/.well-known/jwks.json' });
    expect(to('/api/v1/scans')).toEqual({ upstream: 'document-intake:3002', path: '/api/v1/scans' });
    expect(to('/api/v1/scans/42/pages')).toEqual({ upstream: 'document-intake:3002', path: '/api/v1/scans/42/pages' });
    expect(to('/api/v1/scansX')).toEqual({ upstream: 'registration:3001', path: '/api/v1/scansX' });
    expect(to('/admin/')).toEqual({ upstream: 'approval:3003', path: '/' });
    expect(to('/admin/api/v1/reviews')).toEqual({ upstream: 'approval:3003', path: '/api/v1/reviews' });
    expect(to('/admin')).toEqual({ status: 308, location: '/admin/' });
    for (const p of ['/metrics', '/readyz', '/healthz', '/admin/metrics']) expect(to(p), p).toEqual({ status: 404, location: undefined });
  });
});

// ---------------------------------------------------------------------------------------------------------
// deploy/Dockerfile

interface Instruction {
  cmd: string;
  args: string;
  stage: number;
}

function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  let stage = -1;
  let buf = '';
  for (const raw of text.split('\n')) {
    if (/^\s*#/.test(raw)) continue; // comment lines are dropped, also inside continuations
    const line = raw.trimEnd();
    if (line.endsWith('\\')) {
      buf += line.slice(0, -1) + ' ';
      continue;
    }
    buf += line;
    const full = buf.trim();
    buf = '';
    if (!full) continue;
    const [, cmd, args] = /^(\S+)\s*(.*)$/.exec(full)!;
    if (cmd!.toUpperCase() === 'FROM') stage++;
    out.push({ cmd: cmd!.toUpperCase(), args: args!.replace(/\s+/g, ' '), stage });
  }
  return out;
}

describe('deploy/Dockerfile', () => {
  const instructions = parseDockerfile(read('deploy/Dockerfile'));
  const froms = instructions.filter((i) => i.cmd === 'FROM');
  const last = froms.length - 1;
  const final = instructions.filter((i) => i.stage === last);
  const finalArgs = (cmd: string) => final.filter((i) => i.cmd === cmd).map((i) => i.args);

  it('is multi-stage on Node 20 and builds with npm ci + tsc -b', () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const f of froms) expect(f.args).toMatch(/^node:20[-.]/);
    const stageNames = froms.map((f) => / AS (\S+)$/i.exec(f.args)?.[1]);
    for (const i of instructions.filter((x) => x.cmd === 'COPY' && x.args.includes('--from='))) {
      const from = /--from=(\S+)/.exec(i.args)![1];
      expect(stageNames.slice(0, i.stage), `COPY --from=${from} names an earlier stage`).toContain(from);
    }
    const runs = instructions.filter((i) => i.cmd === 'RUN' && i.stage < last).map((i) => i.args);
    expect(runs.some((r) => /\bnpm ci\b/.test(r) && !r.includes('--omit=dev'))).toBe(true);
    expect(runs.some((r) => /\btsc -b\b/.test(r))).toBe(true);
  });

  it('selects the service with ARG SERVICE and runs its dist/main.js', () => {
    expect(instructions.some((i) => i.cmd === 'ARG' && /^SERVICE(=|$)/.test(i.args))).toBe(true);
    expect(final.some((i) => i.cmd === 'ARG' && /^SERVICE(=|$)/.test(i.args))).toBe(true);
    expect(finalArgs('ENV').join(' ')).toMatch(/\bSERVICE=\$\{?SERVICE\}?/);
    const cmd = finalArgs('CMD');
    expect(cmd).toHaveLength(1);
    const argv = JSON.parse(cmd[0]!) as string[];
    expect(argv.join(' ')).toMatch(/exec node "?services\/\$\{?SERVICE\}?\/dist\/main\.js"?/);
    // The path exists for every service: tsc compiles services/<name>/src into services/<name>/dist.
    for (const name of SERVICE_NAMES) {
      expect(existsSync(join(root, 'services', name, 'src', 'main.ts')), name).toBe(true);
      const tsconfig = JSON.parse(read(`services/${name}/tsconfig.json`)) as { compilerOptions?: { outDir?: string; rootDir?: string } };
      expect(tsconfig.compilerOptions?.outDir, name).toBe('dist');
      expect(tsconfig.compilerOptions?.rootDir, name).toBe('src');
    }
  });

  it('ships production dependencies and compiled code only, as a non-root user', () => {
    const runs = finalArgs('RUN').join('\n');
    expect(runs).toMatch(/\bnpm ci\b[^\n]*--omit=dev/);
    for (const copy of finalArgs('COPY')) expect(copy, 'the runtime stage copies from build stages only').toMatch(/--from=/);
    const users = finalArgs('USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)!.split(':')[0]).not.toMatch(/^(root|0)$/);
    const env = finalArgs('ENV').join(' ');
    expect(env).toMatch(/\bNODE_ENV=production\b/);
    expect(env).toMatch(/\bHTTP_HOST=0\.0\.0\.0\b/);
    expect(env).toMatch(/\bHTTP_PORT=\$\{?HTTP_PORT\}?/);
  });

  it('exposes the port, health-checks /healthz with fetch, and stops with SIGTERM', () => {
    expect(finalArgs('EXPOSE')).toEqual([expect.stringMatching(/^\$\{?HTTP_PORT\}?$/)]);
    const hc = finalArgs('HEALTHCHECK');
    expect(hc).toHaveLength(1);
    expect(hc[0]).toMatch(/CMD \[/);
    expect(hc[0]).toContain('fetch(');
    expect(hc[0]).toContain('/healthz');
    expect(hc[0]).toContain('process.env.HTTP_PORT');
    expect(finalArgs('STOPSIGNAL')).toEqual(['SIGTERM']);
  });

  it('has a .dockerignore that keeps host builds and data out of the context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const entry of ['node_modules', 'dist', '.data', '.tools', '.git']) {
      expect(
        ignored.some((l) => l === entry || l === `**/${entry}`),
        entry,
      ).toBe(true);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
// deploy/k8s

interface K8sDoc {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [k: string]: unknown;
}
interface Loaded {
  file: string;
  doc: K8sDoc;
}

const k8sDir = join(root, 'deploy', 'k8s');
const k8sFiles = readdirSync(k8sDir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const loaded: Loaded[] = k8sFiles.flatMap((file) =>
  parseAllDocuments(readFileSync(join(k8sDir, file), 'utf8')).flatMap((d) => {
    if (d.errors.length) throw new Error(`${file}: ${d.errors.map((e) => e.message).join('; ')}`);
    const doc = d.toJS() as K8sDoc | null;
    return doc ? [{ file, doc }] : [];
  }),
);
const ofKind = <T>(kind: string) => loaded.filter((l) => l.doc.kind === kind).map((l) => l.doc as unknown as T);
const deployments = ofKind<IDeployment>('Deployment');
const services = ofKind<IService>('Service');
const hpas = ofKind<IHorizontalPodAutoscaler>('HorizontalPodAutoscaler');
const ingresses = ofKind<IIngress>('Ingress');
const configMaps = ofKind<IConfigMap>('ConfigMap');
const secrets = ofKind<ISecret>('Secret');
const pdbs = ofKind<IPodDisruptionBudget>('PodDisruptionBudget');
const kustomization = loaded.find((l) => l.doc.kind === 'Kustomization');

const VALIDATORS: Record<string, (doc: K8sDoc) => { validate(): void }> = {
  'v1/Namespace': (d) => new Namespace(d),
  'v1/ConfigMap': (d) => new ConfigMap(d),
  'v1/Secret': (d) => new Secret(d),
  'v1/Service': (d) => new Service(d),
  'apps/v1/Deployment': (d) => new Deployment(d),
  'autoscaling/v2/HorizontalPodAutoscaler': (d) => new HorizontalPodAutoscaler(d),
  'networking.k8s.io/v1/Ingress': (d) => new Ingress(d),
  'policy/v1/PodDisruptionBudget': (d) => new PodDisruptionBudget(d),
};

const deploymentOf = (name: string): IDeployment => {
  const d = deployments.find((x) => x.metadata?.name === name);
  if (!d) throw new Error(`no Deployment ${name}`);
  return d;
};
const containerOf = (name: string): IContainer => {
  const cs = deploymentOf(name).spec!.template.spec!.containers;
  expect(cs, `${name} has one container`).toHaveLength(1);
  return cs[0]!;
};
const labelsMatch = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) =>
  !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

/** The container port a probe or a Service targetPort points at (by name or number). */
function resolvePort(c: IContainer, port: string | number | undefined): number | undefined {
  if (typeof port === 'number') return c.ports?.some((p) => p.containerPort === port) ? port : undefined;
  return c.ports?.find((p) => p.name === port)?.containerPort;
}

function k8sEnvValue(c: IContainer, key: string): { value?: string; from?: 'configMap' | 'secret' } {
  const e = c.env?.find((x) => x.name === key);
  if (!e) return {};
  if (e.value !== undefined) return { value: e.value };
  const cm = e.valueFrom?.configMapKeyRef;
  if (cm) return { value: configMaps.find((m) => m.metadata?.name === cm.name)?.data?.[cm.key], from: 'configMap' };
  const sk = e.valueFrom?.secretKeyRef;
  if (sk) {
    const s = secrets.find((x) => x.metadata?.name === sk.name);
    return { value: s?.stringData?.[sk.key] ?? s?.data?.[sk.key], from: 'secret' };
  }
  return {};
}

describe('deploy/k8s manifests', () => {
  it('are all valid against the Kubernetes API schema (kubernetes-models)', () => {
    expect(loaded.length).toBeGreaterThan(10);
    for (const { file, doc } of loaded) {
      if (doc.kind === 'Kustomization') continue;
      const make = VALIDATORS[`${doc.apiVersion}/${doc.kind}`];
      expect(make, `${file}: ${doc.apiVersion} ${doc.kind} is a kind this test knows`).toBeDefined();
      expect(() => make!(doc).validate(), `${file}: ${doc.kind} ${doc.metadata?.name}`).not.toThrow();
      expect(doc.metadata?.name, file).toBeTruthy();
      if (doc.kind !== 'Namespace') expect(doc.metadata.namespace, `${file}: ${doc.kind} ${doc.metadata.name}`).toBe('cas-rejestracja');
    }
    // The validator is not vacuous.
    const broken = structuredClone(deploymentOf('registration')) as unknown as K8sDoc;
    (broken as unknown as IDeployment).spec!.template.spec!.containers[0]!.ports![0]!.containerPort = '3001' as unknown as number;
    expect(() => new Deployment(broken).validate()).toThrow();
  });

  it('has a namespace, a Deployment, Service, HPA and PDB per service', () => {
    expect(ofKind<K8sDoc>('Namespace').map((n) => n.metadata.name)).toEqual(['cas-rejestracja']);
    for (const name of SERVICE_NAMES) {
      expect(
        deployments.filter((d) => d.metadata?.name === name),
        name,
      ).toHaveLength(1);
      expect(
        services.filter((s) => s.metadata?.name === name),
        name,
      ).toHaveLength(1);
      expect(
        hpas.filter((h) => h.spec?.scaleTargetRef.name === name),
        name,
      ).toHaveLength(1);
    }
    expect(deployments).toHaveLength(SERVICE_NAMES.length);
  });

  it('probes liveness on /healthz and readiness on /readyz of the container port', () => {
    for (const name of SERVICE_NAMES) {
      const c = containerOf(name);
      const http = c.ports?.find((p) => p.name === 'http');
      expect(http?.containerPort, name).toBe(SERVICES[name].port);
      const check = (probe: IProbe | undefined, path: string, what: string) => {
        expect(probe?.httpGet, `${name} ${what}`).toBeDefined();
        expect(probe!.httpGet!.path, `${name} ${what}`).toBe(path);
        expect(resolvePort(c, probe!.httpGet!.port), `${name} ${what} port`).toBe(SERVICES[name].port);
      };
      check(c.livenessProbe, '/healthz', 'livenessProbe');
      check(c.readinessProbe, '/readyz', 'readinessProbe');
      if (c.startupProbe) check(c.startupProbe, '/healthz', 'startupProbe');
      expect(k8sEnvValue(c, 'HTTP_PORT').value, `${name} HTTP_PORT = containerPort`).toBe(String(SERVICES[name].port));
    }
  });

  it('limits resources and locks the containers down', () => {
    const mi = (q: string | number | undefined) => {
      const m = /^(\d+)(Mi|Gi)$/.exec(String(q));
      if (!m) throw new Error(`memory quantity ${String(q)}`);
      return Number(m[1]) * (m[2] === 'Gi' ? 1024 : 1);
    };
    for (const name of SERVICE_NAMES) {
      const d = deploymentOf(name);
      const pod = d.spec!.template.spec!;
      const c = containerOf(name);
      const r = c.resources;
      expect(r?.requests?.cpu, name).toBeDefined();
      expect(r?.limits?.cpu, name).toBeDefined();
      expect(mi(r?.requests?.memory), name).toBe(150);
      expect(mi(r?.limits?.memory), name).toBe(300);

      const sc = c.securityContext;
      expect(sc?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot, `${name} runAsNonRoot`).toBe(true);
      expect(sc?.readOnlyRootFilesystem, `${name} readOnlyRootFilesystem`).toBe(true);
      expect(sc?.allowPrivilegeEscalation, `${name} allowPrivilegeEscalation`).toBe(false);
      expect(sc?.privileged ?? false, name).toBe(false);
      expect(sc?.capabilities?.drop, `${name} drops ALL capabilities`).toContain('ALL');
      expect(sc?.capabilities?.add ?? [], name).toEqual([]);
      const uid = sc?.runAsUser ?? pod.securityContext?.runAsUser;
      expect(uid, `${name} numeric non-root uid (the image's USER)`).toBe(1000);

      const shutdown = Number(k8sEnvValue(c, 'SHUTDOWN_TIMEOUT_MS').value);
      expect(shutdown, name).toBeGreaterThan(0);
      const preStopSleep = Number((c.lifecycle?.preStop?.exec?.command ?? []).join(' ').match(/^sleep (\d+)$/)?.[1] ?? 0);
      expect((pod.terminationGracePeriodSeconds ?? 30) * 1000, `${name} terminationGracePeriodSeconds`).toBeGreaterThan(
        shutdown + preStopSleep * 1000,
      );
      // readOnlyRootFilesystem: anything that writes temp files gets an emptyDir.
      expect(
        c.volumeMounts?.some((v) => v.mountPath === '/tmp'),
        `${name} /tmp`,
      ).toBe(true);
    }
  });

  it('passes every service its env, secrets from Secrets, and NATS_STREAM_REPLICAS=3', async () => {
    for (const name of SERVICE_NAMES) {
      const c = containerOf(name);
      const keys = (c.env ?? []).map((e) => e.name);
      expect(new Set(keys).size, `${name} env has no duplicates`).toBe(keys.length);
      for (const key of requiredEnv(name)) {
        expect(keys, `${name} env`).toContain(key);
        expect(k8sEnvValue(c, key).value, `${name} ${key} resolves to a value`).toBeDefined();
      }
      for (const key of SERVICES[name].secretEnv) expect(k8sEnvValue(c, key).from, `${name} ${key} comes from a Secret`).toBe('secret');
      expect(k8sEnvValue(c, 'NODE_ENV').value, name).toBe('production');
      expect(k8sEnvValue(c, 'HTTP_HOST').value, name).toBe('0.0.0.0');
      expect(k8sEnvValue(c, 'MONGO_DB').value, name).toBe(SERVICES[name].db);
      expect(k8sEnvValue(c, 'NATS_STREAM_REPLICAS').value, name).toBe('3');
      expect(urlHosts(k8sEnvValue(c, 'NATS_URL').value!).length, `${name} NATS_URL lists the 3 cluster nodes`).toBe(3);
      expect(k8sEnvValue(c, 'REDIS_URL').value === undefined, `${name} Redis`).toBe(!SERVICES[name].redis);

      // Same keys as in docker-compose.yml (apart from runtime tuning), and only keys the service reads.
      const known = new Set(await configKeys(name));
      for (const key of keys) expect(known.has(key) || ENV_OUTSIDE_SCHEMA.has(key), `${name}: ${key} is not read`).toBe(true);
      expect(keys.filter((k) => !ENV_OUTSIDE_SCHEMA.has(k)).sort(), `${name}: compose and k8s env keys`).toEqual(
        Object.keys(envOf(name)).sort(),
      );
    }
    const verification = k8sEnvValue(containerOf('registration'), 'VERIFICATION_CODE_KEY').value!;
    expect(verification.length).toBeGreaterThanOrEqual(32);
  });

  it('references only ConfigMap and Secret keys that exist', () => {
    for (const d of deployments) {
      for (const c of [...(d.spec!.template.spec!.containers ?? []), ...(d.spec!.template.spec!.initContainers ?? [])]) {
        for (const e of c.env ?? []) {
          const cm = e.valueFrom?.configMapKeyRef;
          if (cm) {
            const map = configMaps.find((m) => m.metadata?.name === cm.name);
            expect(map, `${d.metadata?.name}: ConfigMap ${cm.name}`).toBeDefined();
            expect(Object.keys(map!.data ?? {}), `${d.metadata?.name}: ${cm.name}.${cm.key}`).toContain(cm.key);
          }
          const sk = e.valueFrom?.secretKeyRef;
          if (sk) {
            const s = secrets.find((x) => x.metadata?.name === sk.name);
            expect(s, `${d.metadata?.name}: Secret ${sk.name}`).toBeDefined();
            expect(Object.keys({ ...s!.data, ...s!.stringData }), `${d.metadata?.name}: ${sk.name}.${sk.key}`).toContain(sk.key);
          }
        }
        for (const ef of c.envFrom ?? []) {
          if (ef.configMapRef) expect(configMaps.map((m) => m.metadata?.name)).toContain(ef.configMapRef.name);
          if (ef.secretRef) expect(secrets.map((s) => s.metadata?.name)).toContain(ef.secretRef.name);
        }
      }
    }
    // Secret templates carry obvious placeholders, never something that looks real.
    for (const s of secrets) {
      for (const [k, v] of Object.entries(s.stringData ?? {})) expect(v, `${s.metadata?.name}.${k}`).toMatch(/REPLACE_ME/);
      expect(s.data, `${s.metadata?.name}: templates use stringData`).toBeUndefined();
    }
  });

  it('selects pods consistently: Deployment, Service, PDB', () => {
    for (const d of deployments) {
      const labels = d.spec!.template.metadata?.labels;
      expect(labelsMatch(d.spec!.selector.matchLabels, labels), `${d.metadata?.name} selector matches its pods`).toBe(true);
      expect(d.spec!.replicas, `${d.metadata?.name}: the HPA owns the replica count`).toBeUndefined();
    }
    for (const s of services) {
      expect(s.spec?.type ?? 'ClusterIP', s.metadata?.name).toBe('ClusterIP');
      const targets = deployments.filter((d) => labelsMatch(s.spec?.selector, d.spec!.template.metadata?.labels));
      expect(
        targets.map((d) => d.metadata?.name),
        `Service ${s.metadata?.name} selects exactly one Deployment`,
      ).toEqual([s.metadata?.name]);
      const c = containerOf(targets[0]!.metadata!.name!);
      for (const p of s.spec?.ports ?? []) {
        expect(resolvePort(c, p.targetPort ?? p.port), `Service ${s.metadata?.name} port ${p.name} reaches the container`).toBe(
          SERVICES[s.metadata!.name as ServiceName].port,
        );
      }
    }
    for (const p of pdbs) {
      const targets = deployments.filter((d) => labelsMatch(p.spec?.selector?.matchLabels, d.spec!.template.metadata?.labels));
      expect(targets, `PDB ${p.metadata?.name}`).toHaveLength(1);
    }
  });

  it('autoscales each Deployment with an autoscaling/v2 HPA', () => {
    for (const h of hpas) {
      const ref = h.spec!.scaleTargetRef;
      expect(ref.kind).toBe('Deployment');
      expect(ref.apiVersion).toBe('apps/v1');
      expect(
        deployments.map((d) => d.metadata?.name),
        `HPA ${h.metadata?.name}`,
      ).toContain(ref.name);
      expect(h.spec!.minReplicas ?? 1).toBeGreaterThanOrEqual(2);
      expect(h.spec!.maxReplicas).toBeGreaterThanOrEqual(h.spec!.minReplicas ?? 1);
      expect(h.spec!.metrics?.length, `HPA ${h.metadata?.name} metrics`).toBeGreaterThan(0);
      // Utilization targets need CPU requests on the target's containers.
      expect(containerOf(ref.name).resources?.requests?.cpu).toBeDefined();
    }
  });

  it('routes the Ingress like the proxy, to existing Services and ports', () => {
    const routes: { path: string; service: string }[] = [];
    for (const ing of ingresses) {
      for (const rule of ing.spec?.rules ?? []) {
        for (const p of rule.http?.paths ?? []) {
          const backend = p.backend.service!;
          const target = services.find((s) => s.metadata?.name === backend.name);
          expect(target, `Ingress ${ing.metadata?.name} -> Service ${backend.name}`).toBeDefined();
          const port = target!.spec!.ports!.find((sp) =>
            backend.port?.name ? sp.name === backend.port.name : sp.port === backend.port?.number,
          );
          expect(port, `Ingress ${ing.metadata?.name} -> ${backend.name}:${backend.port?.name ?? backend.port?.number}`).toBeDefined();
          routes.push({ path: p.path ?? '/', service: backend.name });
        }
      }
    }
    const serviceFor = (path: string) => routes.find((r) => r.path === path)?.service;
    expect(serviceFor('/')).toBe('registration');
    expect(serviceFor('/api/v1/scans')).toBe('document-intake');
    const admin = routes.find((r) => r.path.startsWith('/admin'));
    expect(admin?.service).toBe('approval');
    const adminIngress = ingresses.find((i) => i.spec?.rules?.some((r) => r.http?.paths.some((p) => p.path?.startsWith('/admin'))))!;
    expect(adminIngress.metadata?.annotations?.['nginx.ingress.kubernetes.io/rewrite-target'], 'admin prefix is stripped').toBe('/$2');
    expect(
      adminIngress.spec?.rules?.flatMap((r) => r.http?.paths ?? []),
      'the rewrite applies to the admin path only',
    ).toHaveLength(1);
    expect(
      routes.some((r) => r.service === 'notification'),
      'notification stays internal',
    ).toBe(false);
  });

  it('kustomization.yaml lists every manifest and sets every image', () => {
    expect(kustomization, 'deploy/k8s/kustomization.yaml').toBeDefined();
    const k = kustomization!.doc as unknown as { resources?: string[]; namespace?: string; images?: { name: string; newTag?: string }[] };
    expect(k.namespace).toBe('cas-rejestracja');
    const manifests = k8sFiles.filter((f) => f !== kustomization!.file);
    expect([...(k.resources ?? [])].sort()).toEqual(manifests);
    for (const r of k.resources ?? []) expect(existsSync(join(k8sDir, r)), r).toBe(true);
    for (const name of SERVICE_NAMES) {
      const image = containerOf(name).image!;
      const repo = image.replace(/:[^:/]+$/, '');
      expect(
        k.images?.map((i) => i.name),
        `${name} image ${repo} is set in kustomization images`,
      ).toContain(repo);
      expect(repo.endsWith(`/${name}`), `${name} image is the ${name} build`).toBe(true);
    }
  });

  it('builds with `kustomize build` when kustomize is installed', (ctx) => {
    const kustomize = findTool('kustomize', ['version']);
    if (!kustomize) return ctx.skip('kustomize not installed');
    const r = spawnSync(kustomize, ['build', k8sDir], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const built = parseAllDocuments(r.stdout).map((d) => d.toJS() as K8sDoc);
    expect(built.length).toBe(loaded.length - 1);
    for (const d of built) if (d.kind !== 'Namespace') expect(d.metadata.namespace).toBe('cas-rejestracja');
  });
});
