import type { Logger } from '@cas/logger';
import type { HotFolderConfig, MailboxConfig } from '../config.js';
import type { IngestPorts } from '../channels/ingest.js';
import { pollMailbox } from '../channels/mailbox.js';
import { pollHotFolder } from '../channels/hot-folder.js';

/**
 * The channel pollers' jobs: each configured mailbox / hot folder in turn; one failing (server down, folder
 * missing) is logged and the others still run; the next scheduled poll tries it again.
 */
export function channelProcessors(deps: {
  mailboxes: MailboxConfig[];
  hotFolders: HotFolderConfig[];
  ports: IngestPorts;
  limits: { maxFileBytes: number; maxFiles: number; settleMs: number };
  logger: Logger;
}) {
  /** Polls each source in turn; one that fails is logged (the next scheduled poll tries again), the rest go on. */
  async function pollEach<T>(sources: T[], label: (s: T) => Record<string, string>, poll: (s: T) => Promise<Record<string, number>>) {
    const results = [];
    for (const source of sources) {
      try {
        const r = await poll(source);
        if (Object.values(r).some((n) => n > 0)) deps.logger.info({ ...label(source), ...r }, 'channel polled');
        results.push({ ...label(source), ...r });
      } catch (err) {
        deps.logger.error({ err, ...label(source) }, 'channel poll failed');
        results.push({ ...label(source), error: (err as Error).message });
      }
    }
    return results;
  }

  return {
    mailboxes: {
      'poll-mailboxes': () =>
        pollEach(
          deps.mailboxes,
          (box) => ({ mailbox: box.user, host: box.host }),
          async (box) => ({ ...(await pollMailbox(box, deps.ports, deps.limits, deps.logger)) }),
        ),
    },
    hotFolders: {
      'poll-hot-folders': () =>
        pollEach(
          deps.hotFolders,
          (folder) => ({ folder: folder.path }),
          async (folder) => ({ ...(await pollHotFolder(folder, deps.ports, deps.limits, deps.logger)) }),
        ),
    },
  };
}
