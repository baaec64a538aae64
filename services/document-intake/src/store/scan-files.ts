import { Binary } from 'mongodb';
import type { Connection } from 'mongoose';
import { isDuplicateKey, type MongoBackend } from '@cas/mongo';

/** Stored names (the GridFS collections `scan_files.files` and `scan_files.chunks`): do not rename. */
export const SCAN_FILES_BUCKET = 'scan_files';
const CHUNK_BYTES = 1024 * 1024;

type FileDoc = { _id: string; length: number; chunkSize: number; uploadDate: Date; filename: string; metadata: Record<string, unknown> };
type ChunkDoc = { _id: string; files_id: string; n: number; data: Binary };

/**
 * The original bytes of every scan in GridFS layout (`<bucket>.files` + `<bucket>.chunks` with `files_id` and
 * `n`, readable by any GridFS tool), under the scan's id, never under the sender's file name. Written and read
 * here by `_id` only — chunk `_id` = `<file id>.<n>` — because FerretDB 1.x reads the whole collection for any
 * other filter (docs/adr/0004), which for chunks of scans means every stored byte on every read. The files
 * document goes in last: a file without it is incomplete, and a retried put completes it.
 */
export function createScanFiles(conn: Connection, backend: MongoBackend, cacheBytes = 64 * 1024 * 1024) {
  const recent = recentFiles(cacheBytes);
  const files = () => conn.collection<FileDoc>(`${SCAN_FILES_BUCKET}.files`);
  const chunks = () => conn.collection<ChunkDoc>(`${SCAN_FILES_BUCKET}.chunks`);
  const ignoreDuplicate = (e: unknown) => {
    if (!isDuplicateKey(e)) throw e;
  };

  return {
    /** The indexes GridFS drivers expect (MongoDB; FerretDB reads by `_id` only and would just pay for them). */
    async ensureIndexes(): Promise<void> {
      if (backend !== 'mongodb') return;
      await chunks().createIndex({ files_id: 1, n: 1 }, { unique: true });
      await files().createIndex({ filename: 1, uploadDate: 1 });
    },

    /** Idempotent: a retried upload finds its chunks and files document there and leaves them as they are. */
    async put(id: string, bytes: Uint8Array, metadata: Record<string, unknown>): Promise<void> {
      recent.add(id, bytes);
      const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let n = 0; n * CHUNK_BYTES < buf.length || (n === 0 && buf.length === 0); n++) {
        const data = new Binary(buf.subarray(n * CHUNK_BYTES, (n + 1) * CHUNK_BYTES));
        await chunks()
          .insertOne({ _id: `${id}.${n}`, files_id: id, n, data })
          .catch(ignoreDuplicate);
      }
      await files()
        .insertOne({ _id: id, length: buf.length, chunkSize: CHUNK_BYTES, uploadDate: new Date(), filename: id, metadata })
        .catch(ignoreDuplicate);
    },

    async get(id: string): Promise<Uint8Array> {
      const cached = recent.take(id);
      if (cached) return cached;
      const file = await files().findOne({ _id: id });
      if (!file) throw new Error(`scan file ${id} not found`);
      const parts: Buffer[] = [];
      for (let n = 0; n * file.chunkSize < file.length; n++) {
        // Chunks written by another GridFS client have other `_id`s: found by `files_id` and `n` (slower on FerretDB).
        const chunk = (await chunks().findOne({ _id: `${id}.${n}` })) ?? (await chunks().findOne({ files_id: id, n }));
        if (!chunk) throw new Error(`scan file ${id}: chunk ${n} missing`);
        parts.push(Buffer.from(chunk.data.buffer));
      }
      const all = Buffer.concat(parts);
      if (all.length !== file.length) throw new Error(`scan file ${id}: ${all.length} of ${file.length} bytes`);
      return all;
    },
  };
}
export type ScanFiles = ReturnType<typeof createScanFiles>;

/**
 * Files this replica stored in the last moments, for its own scan jobs (usually the same replica takes the job
 * right after the upload): one read of every stored byte less. At most `maxBytes`, oldest out first; taken
 * once. Only a shortcut — what is stored is the truth, and any miss reads it.
 */
function recentFiles(maxBytes: number) {
  const items = new Map<string, Uint8Array>();
  let bytes = 0;
  return {
    add(id: string, data: Uint8Array): void {
      if (data.length > maxBytes / 4 || items.has(id)) return;
      items.set(id, data);
      bytes += data.length;
      for (const [oldest, d] of items) {
        if (bytes <= maxBytes) break;
        items.delete(oldest);
        bytes -= d.length;
      }
    },
    take(id: string): Uint8Array | undefined {
      const d = items.get(id);
      if (d) {
        items.delete(id);
        bytes -= d.length;
      }
      return d;
    },
  };
}
