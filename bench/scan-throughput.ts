/**
 * Scans/s end to end (mailroom upload → `intake.scan.matched.v1`) for an A4 200 dpi JPEG and a 1-page scanner
 * PDF, beside the raw in-process QR decode rate of the same files on the same cores (DESIGN §10, issue #5).
 */
import { spawnSync } from 'node:child_process';
import { Agent, request } from 'node:http';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { connect } from '@nats-io/transport-node';
import { MongoClient } from 'mongodb';
import { repoRoot, sampleApplication, scannedPage, scannerPdf, waitFor, type System } from '@cas/testing';
import { addCores, alternate, atRate, coresBetween, cpuNow, pool, summarise, type CoresUsed, type Round } from './stats.js';

export interface ScanResult {
  label: string;
  bytes: number;
  threads: number;
  rounds: Round[];
  median: Round;
  /** Upload → outcome while uploads come as fast as the mailroom can send them (a backlog builds up). */
  latency: ReturnType<typeof summarise>;
  /** Upload → outcome at a steady rate below capacity (`pacedRate` scans/s). */
  pacedRate: number;
  pacedLatency: ReturnType<typeof summarise>;
  outcomes: Record<string, number>;
  /** CPU during the load phases: the intake process, this process (load generator), the rest (FerretDB, …). */
  cpu: CoresUsed;
  scansMeasured: number;
  /**
   * For comparison, not the target's baseline: the service's own analysis (its worker-thread module: file type,
   * limits, likely region first, then the whole page) on the same file in as many threads, no HTTP or storage.
   */
  ownAnalysisRate: number;
}

const WARM_UP_SCANS = 100;

/** A unique copy of a JPEG (a COM segment after SOI): same pixels, same decode cost, another SHA-256. */
function uniqueJpeg(jpeg: Buffer, tag: string): Buffer {
  const text = Buffer.from(tag, 'latin1');
  const seg = Buffer.alloc(4);
  seg.writeUInt16BE(0xfffe, 0);
  seg.writeUInt16BE(text.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), seg, text, jpeg.subarray(2)]);
}

/**
 * The raw rate: zxing-wasm reading the page JPEG in `threads` worker threads of this process (the service
 * decodes in as many threads), no HTTP, no storage, no matching.
 */
async function rawDecodeRate(jpeg: Buffer, count: number, threads: number): Promise<number> {
  const code = `
    const { parentPort } = require('node:worker_threads');
    const { readFileSync } = require('node:fs');
    const reader = require(${JSON.stringify(join(repoRoot(), 'node_modules/zxing-wasm/dist/cjs/reader/index.js'))});
    reader.prepareZXingModule({ overrides: { wasmBinary: readFileSync(${JSON.stringify(join(repoRoot(), 'node_modules/zxing-wasm/dist/reader/zxing_reader.wasm'))}).buffer }, fireImmediately: true });
    parentPort.on('message', async ({ bytes, n }) => {
      let found = 0;
      for (let i = 0; i < n; i++) found += (await reader.readBarcodes(bytes, { formats: ['QRCode'], tryHarder: true, tryRotate: true, maxNumberOfSymbols: 4 })).length > 0 ? 1 : 0;
      parentPort.postMessage(found);
    });`;
  const workers = Array.from({ length: threads }, () => new Worker(code, { eval: true }));
  try {
    const run = (n: number) =>
      Promise.all(
        workers.map(
          (w, i) =>
            new Promise<number>((resolve, reject) => {
              w.once('message', resolve);
              w.once('error', reject);
              w.postMessage({ bytes: jpeg, n: Math.floor(n / threads) + (i < n % threads ? 1 : 0) });
            }),
        ),
      );
    await run(threads * 2); // warm-up: wasm compiled, JIT warm
    const start = performance.now();
    const found = (await run(count)).reduce((a, b) => a + b, 0);
    if (found !== count) throw new Error(`raw decode found ${found} of ${count}`);
    return count / ((performance.now() - start) / 1000);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

const BOUNDARY = 'cas-bench-boundary-7f3a';
const agent = new Agent({ keepAlive: true, maxSockets: 16 });

/** A mailroom upload as multipart/form-data: channel `epuap` and one file. */
function multipartBody(bytes: Buffer, fileName: string): Buffer {
  const head =
    `--${BOUNDARY}\r\ncontent-disposition: form-data; name="channel"\r\n\r\nepuap\r\n` +
    `--${BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="${fileName}"\r\ncontent-type: application/octet-stream\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), bytes, Buffer.from(`\r\n--${BOUNDARY}--\r\n`, 'latin1')]);
}

/**
 * POST over the kept-alive agent. A socket the server closed while idle (between rounds) fails the first
 * write with ECONNRESET before the request reached the service: that one is sent again on a new socket, as
 * Node's documentation advises (`req.reusedSocket`).
 */
function post(url: string, body: Buffer, apiKey: string, retried = false): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${apiKey}`,
          'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
          'content-length': body.length,
        },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => {
          const text = Buffer.concat(parts).toString('utf8');
          if (res.statusCode !== 202) reject(new Error(`upload answered ${res.statusCode}: ${text}`));
          else resolve(JSON.parse(text));
        });
        res.on('error', reject);
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (!retried && req.reusedSocket && e.code === 'ECONNRESET') post(url, body, apiKey, true).then(resolve, reject);
      else reject(e);
    });
    req.end(body);
  });
}

/** The service's analysis pool (its worker threads and pdf thread, as the service runs them), `count` files in `threads` threads. */
async function ownAnalysisRate(bytes: Buffer, count: number, threads: number): Promise<number> {
  const url = pathToFileURL(join(repoRoot(), 'services/document-intake/dist/scan/analysis-pool.js'));
  const { createAnalysisPool } = (await import(url.href)) as {
    createAnalysisPool: (
      threads: number,
      logger: unknown,
    ) => { analyse(b: Uint8Array, l: unknown): Promise<{ qr: string[] }>; close(): Promise<void> };
  };
  const limits = {
    maxPixels: 60_000_000,
    maxPages: 10,
    maxPagesReject: 200,
    zipMaxEntries: 20,
    zipMaxTotalBytes: 100 << 20,
    zipMaxRatio: 100,
  };
  const quiet = { error: () => undefined, warn: () => undefined, info: () => undefined };
  const analysis = createAnalysisPool(threads, quiet);
  try {
    const run = async (n: number) => {
      let next = 0;
      let found = 0;
      await Promise.all(
        Array.from({ length: threads }, async () => {
          while (next < n) {
            next++;
            if ((await analysis.analyse(bytes, limits)).qr.length > 0) found++;
          }
        }),
      );
      return found;
    };
    await run(threads * 3); // warm-up
    const start = performance.now();
    const found = await run(count);
    if (found !== count) throw new Error(`service analysis found ${found} of ${count}`);
    return count / ((performance.now() - start) / 1000);
  } finally {
    await analysis.close();
  }
}

export async function scanThroughput(sys: System, count = 200, concurrency = 8, rounds = 3): Promise<ScanResult[]> {
  const intake = sys.service('document-intake').baseUrl;
  const cli = spawnSync(
    process.execPath,
    [join(repoRoot(), 'services/document-intake/dist/cli/mailroom-keys.js'), 'create', '--voivodeship', '26', '--name', 'bench', '--json'],
    { env: { ...process.env, MONGO_URL: sys.infra.mongoUrl, LOG_LEVEL: 'warn' }, encoding: 'utf8' },
  );
  const { apiKey } = JSON.parse(cli.stdout) as { apiKey: string };
  const res = await fetch(`${sys.service('registration').baseUrl}/api/v1/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(sampleApplication(`scanbench${Date.now()}`)),
  });
  const app = (await res.json()) as { number: string; verificationCode: string };
  const mongo = await MongoClient.connect(sys.infra.mongoUrl);
  await waitFor(
    'intake knows the application',
    async () => (await mongo.db('cas_intake').collection('open_applications').findOne({ number: app.number })) !== null,
  );
  await mongo.close();

  const page = await scannedPage(`CAS1|${app.number}|${app.verificationCode}`, { dpi: 200, quality: 75, rotate: 1 });
  const allKinds: { label: string; make: (tag: string) => Promise<Buffer>; name: string }[] = [
    { label: 'A4 200 dpi JPEG', name: 'skan.jpg', make: async (tag) => uniqueJpeg(page, tag) },
    { label: '1-page scanner PDF', name: 'skan.pdf', make: (tag) => scannerPdf([{ jpeg: uniqueJpeg(page, tag) }]) },
  ];
  const wanted = process.env.BENCH_SCAN_KINDS?.split(',');
  const kinds = allKinds.filter((k) => !wanted || wanted.includes(k.name.split('.')[1]!));
  const threads = availableParallelism();
  const pid = sys.service('document-intake').pid;
  // The rest of the machine, split: the stores and broker of this run, and registration (it consumes the outcomes).
  const named = {
    FerretDB: sys.infra.components.mongo.pids,
    NATS: sys.infra.components.nats.pids,
    Redis: sys.infra.components.redis.pids,
    registration: [sys.service('registration').pid].filter((p): p is number => p !== undefined),
  };
  const nc = await connect({ servers: sys.infra.natsUrl });
  const decided = new Map<string, { at: number; subject: string }>();
  const sub = nc.subscribe('intake.scan.>', {
    callback: (_err, msg) => {
      const id = /"scanId":"([^"]+)"/.exec(msg.string())?.[1];
      if (id && !decided.has(id)) decided.set(id, { at: performance.now(), subject: msg.subject });
    },
  });
  const results: ScanResult[] = [];
  try {
    for (const kind of kinds) {
      const files = await Promise.all(
        Array.from({ length: count * rounds + WARM_UP_SCANS + count }, (_, i) => kind.make(`${kind.label}-${Date.now()}-${i}`)),
      );
      // The bodies are built before the clock starts and go out over kept-alive sockets (node:http), so the
      // load generator's own CPU — it shares the two cores with the system under test — stays small.
      const bodies = files.map((bytes) => multipartBody(bytes, kind.name));
      let next = 0;
      const upload = async () => {
        const body = bodies[next++]!;
        const start = performance.now();
        const { scanId } = (await post(`${intake}/api/v1/scans`, body, apiKey)) as { scanId: string };
        return { scanId, start };
      };
      const untilDecided = async (ids: string[]) =>
        waitFor(
          `all scans decided (${ids.filter((id) => decided.has(id)).length} of ${ids.length} so far)`,
          async () => ids.every((id) => decided.has(id)),
          120_000,
          20,
        ).catch((e: Error) => {
          throw new Error(`${e.message}; decided: ${ids.filter((id) => decided.has(id)).length} of ${ids.length}`);
        });
      // Warm-up: 100 scans, so the first round is not also the services' JIT and wasm tier-up (with 20, round 1
      // ran 15–25 % below the others).
      await untilDecided((await pool(WARM_UP_SCANS, concurrency, upload)).map((u) => u.scanId));
      const latencies: number[] = [];
      let cpu: CoresUsed | undefined;
      const outcomes: Record<string, number> = {};
      const measured = await alternate(rounds, {
        baseline: () => rawDecodeRate(page, count, threads),
        load: async () => {
          const c0 = cpuNow(pid, named);
          const t0 = performance.now();
          // Upload at `concurrency` as the mailroom would; each scan's time runs until its outcome event.
          const uploads = await pool(count, concurrency, upload);
          await untilDecided(uploads.map((u) => u.scanId));
          let last = t0;
          for (const u of uploads) {
            const d = decided.get(u.scanId)!;
            latencies.push(d.at - u.start);
            outcomes[d.subject] = (outcomes[d.subject] ?? 0) + 1;
            last = Math.max(last, d.at);
          }
          cpu = addCores(cpu, coresBetween(c0, cpuNow(pid, named)));
          return count / ((last - t0) / 1000);
        },
      });
      // Latency at a steady 70 % of the measured capacity: what a scan waits when the service keeps up.
      const pacedRate = Math.max(1, Math.floor(measured.median.load * 0.7));
      const paced: Promise<{ scanId: string; start: number }>[] = [];
      await atRate(pacedRate, Math.min(count, pacedRate * 10), async () => {
        const u = upload();
        u.catch(() => undefined); // reported by Promise.all below, not as an unhandled rejection meanwhile
        paced.push(u);
      });
      const pacedUploads = await Promise.all(paced);
      await untilDecided(pacedUploads.map((u) => u.scanId));
      const pacedLatency = summarise(pacedUploads.map((u) => decided.get(u.scanId)!.at - u.start));
      const ownAnalysis = await ownAnalysisRate(files[0]!, count, threads);
      results.push({
        label: kind.label,
        bytes: files[0]!.length,
        threads,
        ...measured,
        latency: summarise(latencies),
        pacedRate,
        pacedLatency,
        outcomes,
        cpu: cpu!,
        scansMeasured: count * rounds,
        ownAnalysisRate: ownAnalysis,
      });
    }
  } finally {
    sub.unsubscribe();
    await nc.close();
  }
  return results;
}
