import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A server that misbehaves on purpose, to prove the fuzz test's detectors fire: `/api/boom` answers 500,
 * `/api/hang` never answers, `/api/html` answers a 400 as an HTML page, `/api/drop` closes the connection,
 * anything else is a proper problem document.
 */
export async function startFakeServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    const path = (req.url ?? '').split('?')[0];
    if (path === '/api/boom')
      return void res.writeHead(500, { 'content-type': 'application/problem+json' }).end('{"status":500,"title":"x"}');
    if (path === '/api/hang') return;
    if (path === '/api/html') return void res.writeHead(400, { 'content-type': 'text/html' }).end('<p>zły</p>');
    if (path === '/api/drop') return void req.socket.destroy();
    res.writeHead(404, { 'content-type': 'application/problem+json' }).end('{"status":404,"title":"Nie znaleziono"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
