import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '@cas/logger';

export interface NatsConnectOptions {
  servers: string[];
  /** Shown in `nats server report connections`; use the service name. */
  name: string;
  logger: Logger;
  /** How long the first connect may take before start-up fails (ms). */
  connectTimeoutMs?: number;
}

/**
 * Connects with endless reconnects (a broker restart must not kill the service) and logs status changes.
 * Start-up itself fails fast if no server answers within `connectTimeoutMs`, so a misconfigured service exits.
 */
export async function connectNats(opts: NatsConnectOptions): Promise<NatsConnection> {
  const nc = await connect({
    servers: opts.servers,
    name: opts.name,
    timeout: opts.connectTimeoutMs ?? 5_000,
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    reconnectJitter: 250,
    pingInterval: 10_000,
    maxPingOut: 3,
  });
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect' || s.type === 'error') opts.logger.warn({ nats: s.type }, 'NATS connection problem');
      else if (s.type === 'reconnect') opts.logger.info('NATS reconnected');
    }
  })().catch(() => undefined);
  return nc;
}

/** True while the client holds a live connection (used by `/readyz`). */
export function natsReady(nc: NatsConnection): boolean {
  return !nc.isClosed() && !nc.isDraining() && nc.info !== undefined && isConnected(nc);
}

function isConnected(nc: NatsConnection): boolean {
  // `protocol.connected` is the client's own view; it flips to false on disconnect before reconnecting.
  const proto = (nc as unknown as { protocol?: { connected?: boolean } }).protocol;
  return proto?.connected ?? true;
}
