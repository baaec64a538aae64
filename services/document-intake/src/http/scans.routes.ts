import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { isoDateTime, SCAN_CHANNELS } from '@cas/contracts';
import { CommonErrors } from '@cas/errors';
import { adminMaySee, adminOf, parseBody, requireAdmin } from '@cas/http';
import type { Logger } from '@cas/logger';
import type { TokenVerifier } from '@cas/auth';
import { SCAN_STATUS, type Scan } from '../domain/scan.js';
import type { ScanRepository } from '../store/scan.repository.js';
import type { ScanFiles } from '../store/scan-files.js';
import type { MailroomClientRepository } from '../store/mailroom-client.repository.js';
import { readMultipart } from './multipart.js';
import { ingestFiles } from '../channels/ingest.js';
import { mailroomClientOf, requireMailroomClient } from './mailroom-auth.js';

export interface ScanRoutesDeps {
  scans: ScanRepository;
  files: ScanFiles;
  clients: MailroomClientRepository;
  verifier: TokenVerifier;
  /** Adds the scan's processing job; failures are logged (the reconciler adds it later). */
  enqueue(scanId: string): Promise<void>;
  limits: { maxFileBytes: number; maxFiles: number };
  logger: Logger;
}

/** The upload's text fields (DESIGN §5.2); `body` is the e-mail's text when the mailroom forwards one. */
export const scanFieldsSchema = z.strictObject({
  channel: z.enum(SCAN_CHANNELS.filter((c) => c !== 'hot-folder') as ['epuap', 'e-doreczenia', 'email', 'post', 'api']),
  sender: z.string().max(500).default(''),
  subject: z.string().max(1000).default(''),
  body: z.string().max(20_000).default(''),
  receivedAt: isoDateTime.optional(),
  externalId: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\w.:@/+=-]+$/, 'Dozwolone są litery, cyfry i znaki . : @ / + = - _')
    .optional(),
});
const FIELDS = Object.keys(scanFieldsSchema.shape);

export function scanView(scan: Scan) {
  return {
    scanId: scan.id,
    status: scan.status,
    ...(scan.applicationNumber ? { applicationNumber: scan.applicationNumber } : {}),
    ...(scan.matchedBy ? { matchedBy: scan.matchedBy } : {}),
    ...(scan.verified !== null && scan.status === SCAN_STATUS.matched ? { verified: scan.verified } : {}),
    ...(scan.reason ? { reason: scan.reason } : {}),
    ...(scan.duplicateOf ? { duplicateOf: scan.duplicateOf } : {}),
    receivedAt: scan.receivedAt,
  };
}

/** The mailroom API (`/api/v1/scans`) and the scan file for admins. */
export function scanRoutes(deps: ScanRoutesDeps): Router {
  const router = Router();
  const mailroom = requireMailroomClient(deps.clients);

  router.post('/api/v1/scans', mailroom, async (req: Request, res: Response) => {
    const client = mailroomClientOf(res);
    const upload = await readMultipart(req, {
      maxFileBytes: deps.limits.maxFileBytes,
      maxFiles: deps.limits.maxFiles,
      fields: FIELDS,
      maxFieldBytes: 20_000,
    });
    const input = parseBody(scanFieldsSchema, upload.fields);
    if (upload.files.length === 0)
      throw CommonErrors.validation([{ field: 'file', message: 'Dołącz co najmniej jeden plik (część „file”).' }]);
    const receivedAt = input.receivedAt ?? new Date().toISOString();
    const { ids, repeated } = await ingestFiles(
      deps,
      {
        clientId: client.id,
        voivodeship: client.voivodeship,
        channel: input.channel,
        sender: input.sender,
        subject: input.subject,
        body: input.body,
        receivedAt,
      },
      upload.files,
      input.externalId ?? req.get('idempotency-key')?.slice(0, 200),
    );
    // New scans are `queued` (just stored); a repeated upload answers with where its scans are now.
    const stored = repeated ? await Promise.all(ids.map((id) => deps.scans.get(id))) : ids.map(() => null);
    const views = stored.map((s, i) => ({
      ...(s ? scanView(s) : { scanId: ids[i]!, status: SCAN_STATUS.queued, receivedAt }),
      fileName: upload.files[i]!.fileName,
    }));
    res.status(202).json({ scanId: views[0]!.scanId, status: views[0]!.status, scans: views });
  });

  router.get('/api/v1/scans/:id', mailroom, async (req: Request, res: Response) => {
    const scan = await deps.scans.get(String(req.params.id).slice(0, 100));
    if (!scan || scan.voivodeship !== mailroomClientOf(res).voivodeship) throw CommonErrors.notFound();
    res.json(scanView(scan));
  });

  router.get('/api/v1/scans/:id/file', requireAdmin(deps.verifier), async (req: Request, res: Response) => {
    const scan = await deps.scans.get(String(req.params.id).slice(0, 100));
    if (!scan || !adminMaySee(adminOf(res), scan.voivodeship)) throw CommonErrors.notFound();
    const bytes = await deps.files.get(scan.id);
    const extension = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png', 'image/tiff': 'tif', 'application/zip': 'zip' }[
      scan.detectedType ?? ''
    ];
    // Never rendered on this origin: a download, with a sandbox in case a browser renders it anyway.
    res.setHeader('Content-Type', scan.detectedType && extension ? scan.detectedType : 'application/octet-stream');
    res.setHeader('Content-Disposition', `attachment; filename="skan-${scan.id}.${extension ?? 'bin'}"`);
    res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    res.send(bytes);
  });

  return router;
}
