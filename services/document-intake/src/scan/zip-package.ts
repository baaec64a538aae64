import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { REJECTED, RejectedFile, type ScanLimits } from './scan-limits.js';

export interface ZipEntry {
  name: string;
  bytes: Uint8Array;
}

/**
 * The files of a ZIP package (an ePUAP/e-Doręczenia delivery: the document, its signature, metadata), with
 * the limits counted on the bytes actually inflated, not on the sizes the archive claims: more entries, more
 * bytes in total or a higher compression ratio than allowed rejects the whole package (a ZIP bomb stops at
 * the limit, having used at most that much memory).
 */
export function unpackZip(zip: Uint8Array, limits: ScanLimits): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let total = 0;
  let failure: RejectedFile | undefined;
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  unzip.onfile = (file: UnzipFile) => {
    if (failure) return;
    if (file.name.endsWith('/')) return;
    if (entries.length + 1 > limits.zipMaxEntries) {
      failure = new RejectedFile(REJECTED.zipLimits, `more than ${limits.zipMaxEntries} entries`);
      return;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    file.ondata = (err, chunk, final) => {
      if (failure) return;
      if (err) {
        failure = new RejectedFile(REJECTED.corrupt, err.message);
        return;
      }
      size += chunk.length;
      total += chunk.length;
      if (total > limits.zipMaxTotalBytes || size > limits.zipMaxRatio * Math.max(file.size ?? 0, 1024)) {
        failure = new RejectedFile(REJECTED.zipLimits, `${file.name}: inflates past the limits`);
        file.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) entries.push({ name: file.name, bytes: Buffer.concat(chunks) });
    };
    try {
      file.start();
    } catch (e) {
      failure = new RejectedFile(/encrypt/i.test(String(e)) ? REJECTED.zipEncrypted : REJECTED.corrupt, (e as Error).message);
    }
  };
  try {
    unzip.push(zip, true);
  } catch (e) {
    failure ??= new RejectedFile(/encrypt/i.test(String(e)) ? REJECTED.zipEncrypted : REJECTED.corrupt, (e as Error).message);
  }
  if (failure) throw failure;
  return entries;
}
