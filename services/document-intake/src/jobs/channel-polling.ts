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
  return {
    mailboxes: {
      'poll-mailboxes': async () => {
        const results = [];
        for (const box of deps.mailboxes) {
          try {
            const r = await pollMailbox(box, deps.ports, deps.limits, deps.logger);
            if (r.messages + r.skipped > 0) deps.logger.info({ mailbox: box.user, ...r }, 'mailbox polled');
            results.push({ mailbox: box.user, ...r });
          } catch (err) {
            deps.logger.error({ err, mailbox: box.user, host: box.host }, 'mailbox poll failed');
            results.push({ mailbox: box.user, error: (err as Error).message });
          }
        }
        return results;
      },
    },
    hotFolders: {
      'poll-hot-folders': async () => {
        const results = [];
        for (const folder of deps.hotFolders) {
          try {
            const r = await pollHotFolder(folder, deps.ports, deps.limits, deps.logger);
            if (r.stored + r.failed > 0) deps.logger.info({ folder: folder.path, ...r }, 'hot folder polled');
            results.push({ folder: folder.path, ...r });
          } catch (err) {
            deps.logger.error({ err, folder: folder.path }, 'hot folder poll failed');
            results.push({ folder: folder.path, error: (err as Error).message });
          }
        }
        return results;
      },
    },
  };
}
