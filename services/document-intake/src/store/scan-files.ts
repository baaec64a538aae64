import { GridFSBucket } from 'mongodb';
import type { Connection } from 'mongoose';
import { isDuplicateKey } from '@cas/mongo';

/** Stored name (GridFS collections `scan_files.files`/`.chunks`): do not rename. */
export const SCAN_FILES_BUCKET = 'scan_files';

/**
 * The original bytes of every scan, in GridFS under the scan's id (never under the sender's file name).
 * Written before the scan's job exists, so a job always finds its file.
 */
export function createScanFiles(conn: Connection) {
  const bucket = () => new GridFSBucket(conn.db!, { bucketName: SCAN_FILES_BUCKET, chunkSizeBytes: 1024 * 1024 });

  async function exists(id: string): Promise<boolean> {
    const files = await bucket()
      .find({ _id: id as never }, { limit: 1 })
      .toArray();
    return files.length > 0;
  }

  return {
    /** Idempotent: a file already stored under this id (a retried upload) is kept as it is. */
    async put(id: string, bytes: Uint8Array, metadata: Record<string, unknown>): Promise<void> {
      if (await exists(id)) return;
      await new Promise<void>((resolve, reject) => {
        const upload = bucket().openUploadStreamWithId(id as never, id, { metadata });
        upload.once('finish', () => resolve());
        upload.once('error', (e) => (isDuplicateKey(e) ? resolve() : reject(e)));
        upload.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      });
    },

    async get(id: string): Promise<Buffer> {
      const chunks: Buffer[] = [];
      for await (const chunk of bucket().openDownloadStream(id as never)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
  };
}
export type ScanFiles = ReturnType<typeof createScanFiles>;
