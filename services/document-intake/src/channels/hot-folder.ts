import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { faultPoint } from '@cas/config';
import type { Logger } from '@cas/logger';
import type { HotFolderConfig } from '../config.js';
import { ingestFiles, type IngestPorts } from './ingest.js';

/** Folder names inside a hot folder. Stored names (operators and scanners rely on them): do not rename. */
export const DONE_DIR = 'done';
export const FAILED_DIR = 'failed';

export interface HotFolderPollResult {
  stored: number;
  failed: number;
  waiting: number;
}

/** Temporary names scanners and copy tools write to before renaming, and hidden files: never taken. */
const NOT_YET = /^\.|\.(tmp|part|crdownload|partial)$|~$/i;

/**
 * One pass over a hot folder (DESIGN §6): each file that has not changed for `settleMs` is stored as a scan
 * (channel `hot-folder`), and only then moved to `done/`. A crash in between leaves it in place; the next pass
 * stores it again under the same idempotency key (name, size, modification time), which gives back the same
 * scan. A file over the size limit cannot be stored and goes to `failed/`, with an error in the log.
 */
export async function pollHotFolder(
  folder: HotFolderConfig,
  ports: IngestPorts,
  limits: { maxFileBytes: number; settleMs: number },
  logger: Logger,
): Promise<HotFolderPollResult> {
  const done = join(folder.path, DONE_DIR);
  const failed = join(folder.path, FAILED_DIR);
  await mkdir(done, { recursive: true });
  await mkdir(failed, { recursive: true });
  const result: HotFolderPollResult = { stored: 0, failed: 0, waiting: 0 };
  for (const entry of await readdir(folder.path, { withFileTypes: true })) {
    if (!entry.isFile() || NOT_YET.test(entry.name)) continue;
    const path = join(folder.path, entry.name);
    const info = await stat(path).catch(() => null);
    if (!info) continue; // taken by another replica meanwhile
    if (Date.now() - info.mtimeMs < limits.settleMs) {
      result.waiting++;
      continue;
    }
    if (info.size > limits.maxFileBytes) {
      logger.error({ folder: folder.path, file: entry.name, size: info.size }, 'hot-folder file over the size limit: moved to failed/');
      await moveAside(path, failed, entry.name);
      result.failed++;
      continue;
    }
    const {
      ids: [scanId],
    } = await ingestFiles(
      ports,
      {
        clientId: `hot-folder:${folder.voivodeship}`,
        voivodeship: folder.voivodeship,
        channel: 'hot-folder',
        sender: '',
        subject: '',
        body: '',
        receivedAt: info.mtime.toISOString(),
      },
      [{ fileName: entry.name, declaredType: 'application/octet-stream', bytes: await readFile(path) }],
      `hot:${entry.name.slice(0, 120)}:${info.size}:${Math.floor(info.mtimeMs)}`,
    );
    faultPoint('intake.hot-folder.before-move');
    await moveAside(path, done, entry.name, scanId);
    result.stored++;
  }
  return result;
}

/** Moves the file into `dir`; a name already there gets the scan id (or the time) added, nothing is overwritten. */
async function moveAside(path: string, dir: string, name: string, scanId?: string): Promise<void> {
  let target = join(dir, name);
  if (await stat(target).catch(() => null)) target = join(dir, `${scanId ?? Date.now()}-${name}`);
  await rename(path, target).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e; // ENOENT: another replica moved it first
  });
}
