import type { MessagePort } from 'node:worker_threads';
import type { PdfReader, PdfReading } from './pdf-reader.js';
import type { ScanLimits } from './scan-limits.js';
import { errorFrom, failureOf, type ThreadFailure } from './thread-failure.js';

interface Request {
  id: number;
  bytes: Uint8Array;
  limits: ScanLimits;
  render: boolean;
}
type Reply = { id: number; reading?: PdfReading } & ThreadFailure;

/** The pdf thread's side: answers every request arriving on `port` with `reader` (requests may overlap). */
export function servePdfReader(port: MessagePort, reader: PdfReader): void {
  port.on('message', (req: Request) => {
    reader.read(req.bytes, req.limits, { render: req.render }).then(
      (reading) => port.postMessage({ id: req.id, reading } satisfies Reply),
      (e: unknown) => port.postMessage({ id: req.id, ...failureOf(e) } satisfies Reply),
    );
  });
}

/**
 * An analysis thread's side: a `PdfReader` whose work happens in the pdf thread at the other end of `port`.
 * Should that thread die, the pool ends this thread too, so nothing waits for an answer that cannot come.
 */
export function pdfReaderOver(port: MessagePort): PdfReader {
  const pending = new Map<number, { resolve: (r: PdfReading) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  port.on('message', (reply: Reply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (reply.reading) p.resolve(reply.reading);
    else p.reject(errorFrom(reply, 'pdf reading failed'));
  });
  return {
    read(bytes, limits, { render }) {
      return new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        port.postMessage({ id, bytes, limits, render } satisfies Request);
      });
    },
  };
}
