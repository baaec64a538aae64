import { closeServer, listen, type HttpApp } from '@cas/http';
import type { Platform } from './platform.js';

/** Listens and registers the HTTP shutdown step (readiness flips to 503 first, then the server closes). */
export async function serveHttp(platform: Platform, http: HttpApp, port: number, host: string): Promise<void> {
  const server = await listen(http.app, port, host);
  platform.lifecycle.onShutdown('http', async () => {
    http.setShuttingDown();
    await closeServer(server);
  });
  platform.logger.info({ port, host }, 'ready');
}
