import { MessageChannel, Worker } from 'node:worker_threads';
import type { Logger } from '@cas/logger';
import type { FileFindings } from './analyse-file.js';
import type { ScanLimits } from './scan-limits.js';
import { errorFrom, type ThreadFailure } from './thread-failure.js';

type Reply = { id: number; findings?: FileFindings } & ThreadFailure;
interface Pending {
  resolve: (f: FileFindings) => void;
  reject: (e: Error) => void;
}

/**
 * `threads` worker threads that run `analyseFile`, one file each at a time; more files wait in line. One more
 * thread runs pdf.js for all of them (`pdf-reader.ts`: kept apart, its heap does not slow the image threads'
 * garbage collection). A thread that dies (a crash in native code) fails its file with an error (the job
 * retries it) and is replaced; when the pdf thread dies, the analysis threads are ended and replaced with it,
 * so that none waits for an answer from the dead one.
 */
export function createAnalysisPool(threads: number, logger: Logger) {
  const url = new URL('./analysis-worker.js', import.meta.url);
  const pdfUrl = new URL('./pdf-thread.js', import.meta.url);
  const idle: Worker[] = [];
  const busy = new Map<Worker, { id: number } & Pending>();
  const waiting: { bytes: Uint8Array; limits: ScanLimits; pending: Pending }[] = [];
  let nextId = 0;
  let closed = false;
  let pdfThread = spawnPdfThread();

  function spawnPdfThread(): Worker {
    const thread = new Worker(pdfUrl);
    thread.on('error', (err) => logger.error({ err }, 'pdf thread failed'));
    thread.on('exit', (code) => {
      if (closed) return;
      logger.error({ code }, 'pdf thread exited: replacing it and the analysis threads linked to it');
      pdfThread = spawnPdfThread();
      for (const worker of [...idle, ...busy.keys()]) void worker.terminate();
    });
    return thread;
  }

  function spawn(): void {
    const { port1, port2 } = new MessageChannel();
    pdfThread.postMessage({ port: port1 }, [port1]);
    const worker = new Worker(url, { workerData: { pdfPort: port2 }, transferList: [port2] });
    worker.on('message', (reply: Reply) => {
      const job = busy.get(worker);
      if (!job || job.id !== reply.id) return;
      busy.delete(worker);
      if (reply.findings) job.resolve(reply.findings);
      else job.reject(errorFrom(reply, 'analysis failed'));
      idle.push(worker);
      dispatch();
    });
    worker.on('error', (err) => logger.error({ err }, 'analysis thread failed'));
    worker.on('exit', (code) => {
      const job = busy.get(worker);
      busy.delete(worker);
      const i = idle.indexOf(worker);
      if (i >= 0) idle.splice(i, 1);
      job?.reject(new Error(`analysis thread exited (${code})`));
      if (!closed) {
        spawn();
        dispatch();
      }
    });
    idle.push(worker);
  }

  function dispatch(): void {
    while (idle.length > 0 && waiting.length > 0) {
      const worker = idle.pop()!;
      const next = waiting.shift()!;
      const id = nextId++;
      busy.set(worker, { id, ...next.pending });
      worker.postMessage({ id, bytes: next.bytes, limits: next.limits });
    }
  }

  for (let i = 0; i < Math.max(1, threads); i++) spawn();

  return {
    analyse(bytes: Uint8Array, limits: ScanLimits): Promise<FileFindings> {
      if (closed) return Promise.reject(new Error('analysis pool closed'));
      return new Promise((resolve, reject) => {
        waiting.push({ bytes, limits, pending: { resolve, reject } });
        dispatch();
      });
    },
    /** The threads now running (tests and diagnostics). */
    threads(): { pdf: Worker; analysis: Worker[] } {
      return { pdf: pdfThread, analysis: [...idle, ...busy.keys()] };
    },
    async close(): Promise<void> {
      closed = true;
      await Promise.all([...idle, ...busy.keys(), pdfThread].map((w) => w.terminate()));
    },
  };
}
export type AnalysisPool = ReturnType<typeof createAnalysisPool>;
