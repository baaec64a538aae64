import type { Server } from 'node:http';
import type { Express } from 'express';
import type { Logger } from '@cas/logger';

export interface Lifecycle {
  /** Register a shutdown step; steps run in reverse order of registration (last opened, first closed). */
  onShutdown(name: string, fn: () => unknown): void;
  shutdown(reason: string): Promise<void>;
}

/**
 * Graceful shutdown within a bound (DESIGN §6): SIGTERM/SIGINT → stop accepting HTTP, drain consumers,
 * close workers (active job finishes), close connections → exit 0; past `timeoutMs` → exit 1 regardless.
 */
export function createLifecycle(logger: Logger, timeoutMs: number, exit: (code: number) => void = (c) => process.exit(c)): Lifecycle {
  const steps: { name: string; fn: () => unknown }[] = [];
  let started: Promise<void> | undefined;
  const lifecycle: Lifecycle = {
    onShutdown(name, fn) {
      steps.push({ name, fn });
    },
    shutdown(reason) {
      started ??= (async () => {
        logger.info({ reason }, 'shutting down');
        const timer = setTimeout(() => {
          logger.error({ timeoutMs }, 'shutdown took too long; exiting');
          exit(1);
        }, timeoutMs);
        timer.unref();
        for (const step of [...steps].reverse()) {
          try {
            await step.fn();
          } catch (err) {
            logger.warn({ err, step: step.name }, 'shutdown step failed');
          }
        }
        clearTimeout(timer);
        logger.info('shutdown complete');
        exit(0);
      })();
      return started;
    },
  };
  for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => void lifecycle.shutdown(sig));
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled promise rejection'));
  return lifecycle;
}

/** Starts listening; resolves with the server once bound. */
export function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(server)));
    server.keepAliveTimeout = 5_000;
    server.headersTimeout = 10_000;
    server.requestTimeout = 30_000;
  });
}

/** Stops accepting connections and closes idle keep-alive sockets; in-flight requests finish. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
