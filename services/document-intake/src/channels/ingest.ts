import { createHash } from 'node:crypto';
import { uuidv7, type ScanChannel } from '@cas/contracts';
import { CommonErrors } from '@cas/errors';
import { SCAN_STATUS } from '../domain/scan.js';
import type { ScanRepository } from '../store/scan.repository.js';
import type { ScanFiles } from '../store/scan-files.js';

/** Where files came from: the mailroom client (API), a mailbox or a hot folder, and what came with them. */
export interface IngestSource {
  clientId: string;
  voivodeship: string;
  channel: ScanChannel;
  sender: string;
  subject: string;
  body: string;
  receivedAt: string;
}

export interface IngestFile {
  fileName: string;
  declaredType: string;
  bytes: Uint8Array;
}

export interface IngestPorts {
  scans: ScanRepository;
  files: ScanFiles;
  /** Adds the scan's processing job; a failure is logged, not thrown (the reconciler adds it later). */
  enqueue(scanId: string): Promise<void>;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * Takes files in from any channel (DESIGN §4, §6): with an idempotency key the scan ids are reserved first, so
 * a repeat (a retried upload, a mailbox re-read after a crash) stores what is missing and creates nothing new;
 * then per file the bytes, the scan that points to them, its job. The caller acknowledges its source (202, IMAP
 * flag, moving the file) only after this returns. Other files under a used key → 422. `repeated`: the key was
 * used before, so the scans may have moved on from `queued`.
 */
export async function ingestFiles(
  ports: IngestPorts,
  source: IngestSource,
  files: IngestFile[],
  idempotencyKey?: string,
): Promise<{ ids: string[]; repeated: boolean }> {
  const hashes = files.map((f) => sha256(f.bytes));
  let ids = files.map(() => uuidv7());
  let repeated = false;
  if (idempotencyKey) {
    const reserved = await ports.scans.reserveExternalId(source.clientId, idempotencyKey, ids, hashes);
    if (!reserved.created && reserved.sha256s.join() !== hashes.join()) throw CommonErrors.idempotencyConflict();
    ids = reserved.scanIds;
    repeated = !reserved.created;
  }
  for (const [i, file] of files.entries()) {
    const id = ids[i]!;
    await ports.files.put(id, file.bytes, { fileName: file.fileName, voivodeship: source.voivodeship });
    await ports.scans.insert({
      id,
      ...source,
      fileName: file.fileName.slice(0, 255),
      externalId: idempotencyKey ?? null,
      size: file.bytes.length,
      declaredType: file.declaredType.slice(0, 100),
      detectedType: null,
      pages: 0,
      sha256: hashes[i]!,
      status: SCAN_STATUS.queued,
      applicationId: null,
      applicationNumber: null,
      matchedBy: null,
      verified: null,
      reason: null,
      duplicateOf: null,
      createdAt: new Date(),
      decidedAt: null,
    });
    await ports.enqueue(id);
  }
  return { ids, repeated };
}
