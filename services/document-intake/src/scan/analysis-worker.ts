/**
 * A worker thread of the analysis pool: decoding (zxing's WebAssembly, libvips) is CPU work that would stall
 * the event loop (HTTP, NATS, BullMQ lock renewals) if it ran on the main thread. PDFs' pdf.js part goes to the
 * pool's pdf thread through the port this thread is started with (in-process when started without one).
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import sharp from 'sharp';
import { analyseFile } from './analyse-file.js';
import { pdfReaderOver } from './pdf-port.js';
import { inProcessPdfReader } from './pdf-reader.js';
import type { ScanLimits } from './scan-limits.js';
import { failureOf } from './thread-failure.js';

interface Request {
  id: number;
  bytes: Uint8Array;
  limits: ScanLimits;
}

// Parallelism comes from the pool's threads, one file each: libvips threads of its own per image only add
// hand-offs between threads (and on two cores, contention with the other thread's work).
sharp.concurrency(1);

const pdfPort = (workerData as { pdfPort?: MessagePort } | undefined)?.pdfPort;
const pdf = pdfPort ? pdfReaderOver(pdfPort) : inProcessPdfReader;

parentPort?.on('message', (req: Request) => {
  analyseFile(req.bytes, req.limits, pdf).then(
    (findings) => parentPort?.postMessage({ id: req.id, findings }),
    (e: unknown) => parentPort?.postMessage({ id: req.id, ...failureOf(e) }),
  );
});
