import type { Request } from 'express';

/** Minimal cookie header parser (no dependency); ignores malformed pairs. */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const i = pair.indexOf('=');
    if (i < 0) continue;
    if (pair.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(pair.slice(i + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** `Secure` everywhere except plain-http localhost (DESIGN §3). */
export function cookieSecure(req: Request): boolean {
  return req.secure || !['localhost', '127.0.0.1', '[::1]'].includes(req.hostname);
}
