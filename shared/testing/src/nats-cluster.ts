import { join } from 'node:path';
import { ManagedProcess } from './managed-process.js';
import { freePort, httpOk, waitFor } from './ports.js';
import { toolPath } from './tools.js';

export interface NatsClusterProcesses {
  nodes: ManagedProcess[];
  /** Client URLs of every node, for a client that fails over between them. */
  urls: string[];
}

/**
 * `size` NATS servers with JetStream on loopback, routed to each other as one cluster (`cas-test`), each with its
 * own store under `dir/nats-<n>`. A node is ready when its `/healthz` is: JetStream enabled and the cluster's meta
 * leader known, so an R3 stream can be created right after start (and after a node's restart, once it caught up).
 */
export async function natsClusterProcesses(dir: string, logs: string, size: number): Promise<NatsClusterProcesses> {
  const ports = await Promise.all(
    Array.from({ length: size }, async () => ({ client: await freePort(), cluster: await freePort(), monitor: await freePort() })),
  );
  const routes = ports.map((p) => `nats://127.0.0.1:${p.cluster}`).join(',');
  const nodes = ports.map(
    (p, i) =>
      new ManagedProcess({
        name: `nats-server-${i + 1}`,
        cmd: toolPath('nats-server'),
        args: [
          ...['-a', '127.0.0.1', '-p', String(p.client), '-m', String(p.monitor)],
          ...['-js', '-sd', join(dir, `nats-${i + 1}`), '--server_name', `cas-${i + 1}`],
          ...['--cluster_name', 'cas-test', '--cluster', `nats://127.0.0.1:${p.cluster}`, '--routes', routes],
        ],
        logFile: join(logs, `nats-${i + 1}.log`),
        ready: () => waitFor(`NATS node ${i + 1}`, () => httpOk(`http://127.0.0.1:${p.monitor}/healthz`), 60_000),
      }),
  );
  return { nodes, urls: ports.map((p) => `nats://127.0.0.1:${p.client}`) };
}
