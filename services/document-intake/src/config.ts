import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { baseConfigShape, env } from '@cas/config';

export const intakeConfigSchema = z.object({
  ...baseConfigShape,
  HTTP_PORT: env.port(3002),
  MONGO_DB: env.string('cas_intake'),
  /** Largest accepted file (bytes); a bigger part answers 413. */
  SCAN_MAX_FILE_BYTES: env.positiveInt(20 * 1024 * 1024),
  /** Files per upload request. */
  SCAN_MAX_FILES: env.positiveInt(10),
  /** Pages read per file (PDF, TIFF); the rest are not searched. More pages than `SCAN_MAX_PAGES_REJECT` → rejected. */
  SCAN_MAX_PAGES: env.positiveInt(10),
  SCAN_MAX_PAGES_REJECT: env.positiveInt(200),
  /** Pixels per decoded page (a decompression bomb stops here): 60 Mpx ≈ A4 at 600 dpi. */
  SCAN_MAX_PIXELS: env.positiveInt(60_000_000),
  /** ZIP packages (ePUAP): entries, total uncompressed bytes and the largest compression ratio accepted. */
  ZIP_MAX_ENTRIES: env.positiveInt(20),
  ZIP_MAX_TOTAL_BYTES: env.positiveInt(100 * 1024 * 1024),
  ZIP_MAX_RATIO: env.positiveInt(100),
  /** Scan jobs in progress per replica (reading, matching, writing); decoding itself waits for a thread. */
  SCAN_WORKER_CONCURRENCY: env.positiveInt(8),
  /** Worker threads that decode scans (zxing, pdf.js); the cores this replica may use. */
  SCAN_DECODE_THREADS: env.positiveInt(availableParallelism()),
  /** A scan job's lock; after a worker died, its scan is taken up again within about twice this. */
  SCAN_JOB_LOCK_MS: env.positiveInt(30_000),
  /** A scan still `queued` this long after it arrived gets its job added again (the job vanished from Redis). */
  SCAN_STUCK_AFTER_MS: env.positiveInt(5 * 60_000),
  SCAN_RECONCILE_EVERY_MS: env.positiveInt(60_000),
  /** Registration's public keys, for admins' session tokens (no shared secret: DESIGN §3). */
  REGISTRATION_JWKS_URL: env.url('http://127.0.0.1:3001/.well-known/jwks.json'),
  SESSION_ISSUER: env.string('cas-rejestracja'),
  SESSION_AUDIENCE: env.string('cas'),
  OUTBOX_POLL_MS: env.positiveInt(500),
  OUTBOX_STALE_SCAN_MS: env.positiveInt(30_000),
});

export type IntakeConfig = z.output<typeof intakeConfigSchema>;
