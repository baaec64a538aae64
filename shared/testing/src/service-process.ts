import { join } from 'node:path';
import { ManagedProcess } from './managed-process.js';
import { repoRoot } from './paths.js';
import { waitFor } from './ports.js';

export const SERVICE_NAMES = ['registration', 'document-intake', 'approval', 'notification'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/**
 * One built service (`services/<name>/dist/main.js`) as a real child process, for end-to-end and crash
 * tests and for the local launcher. Ready when its `/readyz` answers 200.
 */
export class ServiceProcess extends ManagedProcess {
  constructor(
    readonly service: ServiceName,
    readonly port: number,
    env: NodeJS.ProcessEnv,
    logFile: string,
  ) {
    super({
      name: service,
      cmd: process.execPath,
      // Profiling under a benchmark: CAS_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (Node refuses
      // these in NODE_OPTIONS).
      args: [
        ...(process.env.CAS_SERVICE_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
        join(repoRoot(), 'services', service, 'dist', 'main.js'),
      ],
      env: { ...env, HTTP_PORT: String(port) },
      cwd: repoRoot(),
      logFile,
      ready: () =>
        waitFor(
          `${service} /readyz`,
          async () => (await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(1_000) })).ok,
          60_000,
          150,
        ),
    });
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }
}
