import { Agent, request } from 'node:http';

export type Outcome =
  | { status: number; contentType: string; body: string; ms: number }
  /** No answer within the time limit (a hang), or the connection dropped without one. */
  | { failure: 'timeout' | 'connection'; detail: string; ms: number };

/** Keep-alive sockets, as a browser or a proxy would hold them; a few more than the concurrency. */
export const agent = new Agent({ keepAlive: true, maxSockets: 16 });

const KEEP = 16_384;
/** Node's default `--max-http-header-size`: request line plus headers. */
const MAX_HEAD_BYTES = 16_384;

const headBytes = (r: { method: string; target: string; headers: Record<string, string> }) =>
  Buffer.byteLength(`${r.method} ${r.target} HTTP/1.1\r\n`) +
  Object.entries(r.headers).reduce((n, [k, v]) => n + Buffer.byteLength(`${k}: ${v}\r\n`, 'latin1'), 64);

/**
 * Sends one request exactly as generated (raw target, raw body) with node:http, which — unlike fetch — does not
 * normalise `..` or re-encode the path. Resolves with the status, content type and the start of the body.
 */
export async function send(
  base: URL,
  r: { method: string; target: string; headers: Record<string, string>; body?: () => Buffer },
  timeoutMs: number,
): Promise<Outcome> {
  let o = await attempt(base, r, timeoutMs);
  // A kept-alive socket the server closed as idle just as the request went out (its keepAliveTimeout): the
  // request never reached it, so it is sent again once on a new socket, as Node's documentation advises.
  if ('stale' in o) o = await attempt(base, r, timeoutMs);
  if ('stale' in o) return { failure: 'connection', detail: 'socket closed twice before an answer', ms: 0 };
  if ('failure' in o && o.failure === 'connection' && headBytes(r) > MAX_HEAD_BYTES)
    // Node answers a request line and headers over its limit with 431 and closes the connection at once; a
    // client still writing the body may see the reset before the answer. That is the 431, not a dropped request.
    return { status: 431, contentType: '', body: `(connection closed after 431: ${o.detail})`, ms: o.ms };
  return o;
}

function attempt(
  base: URL,
  r: { method: string; target: string; headers: Record<string, string>; body?: () => Buffer },
  timeoutMs: number,
): Promise<Outcome | { stale: true }> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let done = false;
    const finish = (o: Outcome | { stale: true }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(o);
    };
    const body = r.body?.();
    const headers = { ...r.headers, ...(body ? { 'content-length': String(body.length) } : {}) };
    const req = request({ host: base.hostname, port: base.port, method: r.method, path: r.target, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      res.on('data', (c: Buffer) => {
        if (kept >= KEEP) return;
        chunks.push(c);
        kept += c.length;
      });
      res.on('end', () =>
        finish({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
          ms: ms(),
        }),
      );
      res.on('error', (e) => finish({ failure: 'connection', detail: e.message, ms: ms() }));
    });
    const timer = setTimeout(() => {
      finish({ failure: 'timeout', detail: `no answer in ${timeoutMs} ms`, ms: ms() });
      req.destroy();
    }, timeoutMs);
    let answered = false;
    req.on('response', () => (answered = true));
    req.on('error', (e) =>
      finish(req.reusedSocket && !answered ? { stale: true } : { failure: 'connection', detail: e.message, ms: ms() }),
    );
    req.end(body);
  });
}
