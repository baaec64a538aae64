import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { baseConfigShape, env } from '@cas/config';

/** One mailbox of a voivodeship office that receives signed forms by e-mail (DESIGN §4, the e-mail channel). */
export const mailboxSchema = z.strictObject({
  voivodeship: z.string().regex(/^\d{2}$/),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(993),
  secure: z.boolean().default(true),
  user: z.string().min(1),
  password: z.string().min(1),
  mailbox: z.string().min(1).default('INBOX'),
  /** Where processed messages go; unset: they stay, marked with the `$CasIntake` keyword. */
  processedMailbox: z.string().min(1).optional(),
});
export type MailboxConfig = z.output<typeof mailboxSchema>;

/** A watched folder where a mailroom scanner drops files (`done/` and `failed/` are made inside it). */
export const hotFolderSchema = z.strictObject({ voivodeship: z.string().regex(/^\d{2}$/), path: z.string().min(1) });
export type HotFolderConfig = z.output<typeof hotFolderSchema>;

const jsonList = <T extends z.ZodType>(item: T) =>
  z
    .string()
    .default('[]')
    .transform((v, ctx) => {
      try {
        return JSON.parse(v) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON array' });
        return z.NEVER;
      }
    })
    .pipe(z.array(item));

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
  /** Worker threads that decode scans (zxing, libvips); the cores this replica may use. pdf.js has one more thread of its own. */
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
  /** JSON array of mailboxes: [{"voivodeship":"26","host":"imap.uw.example","user":"…","password":"…"}]. */
  INTAKE_MAILBOXES: jsonList(mailboxSchema),
  MAILBOX_POLL_EVERY_MS: env.positiveInt(60_000),
  /** JSON array of hot folders: [{"voivodeship":"26","path":"/srv/skany/26"}]. */
  INTAKE_HOT_FOLDERS: jsonList(hotFolderSchema),
  HOT_FOLDER_POLL_EVERY_MS: env.positiveInt(5_000),
  /** A dropped file is taken once it has not changed for this long (the scanner finished writing it). */
  HOT_FOLDER_SETTLE_MS: env.positiveInt(2_000),
  OUTBOX_POLL_MS: env.positiveInt(500),
  OUTBOX_STALE_SCAN_MS: env.positiveInt(30_000),
});

export type IntakeConfig = z.output<typeof intakeConfigSchema>;
