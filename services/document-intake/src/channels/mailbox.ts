import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { faultPoint } from '@cas/config';
import type { Logger } from '@cas/logger';
import type { MailboxConfig } from '../config.js';
import { ingestFiles, type IngestFile, type IngestPorts } from './ingest.js';

/** IMAP keyword on messages whose attachments are stored (the mailbox's own record). Stored name: do not rename. */
export const PROCESSED_KEYWORD = '$CasIntake';
/** Keyword on messages that could not be taken in (an attachment over the size limit): left for a person. */
export const FAILED_KEYWORD = '$CasIntakeFailed';

export interface MailboxPollResult {
  messages: number;
  scans: number;
  skipped: number;
}

/**
 * One pass over a mailbox (DESIGN §4 e-mail channel, §6): every message without our keyword → its attachments
 * become scans with the sender, subject and body kept for matching → only then is the message flagged (and
 * moved, if configured). A crash between the two re-reads the message next time: the idempotency key
 * (`imap:<UIDVALIDITY>:<UID>`) gives back the same scans, so nothing is stored twice.
 */
export async function pollMailbox(
  box: MailboxConfig,
  ports: IngestPorts,
  limits: { maxFileBytes: number; maxFiles: number; maxMessagesPerPoll?: number },
  logger: Logger,
): Promise<MailboxPollResult> {
  const client = new ImapFlow({
    host: box.host,
    port: box.port,
    secure: box.secure,
    auth: { user: box.user, pass: box.password },
    logger: false,
    connectionTimeout: 10_000,
    socketTimeout: 60_000,
  });
  client.on('error', (err: Error) => logger.warn({ err, mailbox: box.user }, 'IMAP connection error'));
  const result: MailboxPollResult = { messages: 0, scans: 0, skipped: 0 };
  await client.connect();
  try {
    const lock = await client.getMailboxLock(box.mailbox);
    try {
      const mailbox = client.mailbox;
      const uidValidity = mailbox ? String(mailbox.uidValidity) : '0';
      const found = await client.search({ unKeyword: PROCESSED_KEYWORD, deleted: false }, { uid: true });
      const uids = (found || []).filter((uid) => uid > 0).slice(0, limits.maxMessagesPerPoll ?? 100);
      for (const uid of uids) {
        const message = await client.fetchOne(String(uid), { source: true, internalDate: true, flags: true }, { uid: true });
        if (!message || !message.source || message.flags?.has(FAILED_KEYWORD)) continue;
        const parsed = await simpleParser(message.source);
        const attachments = parsed.attachments.filter((a) => a.contentDisposition !== 'inline' || Boolean(a.filename));
        if (attachments.some((a) => a.size > limits.maxFileBytes) || attachments.length > limits.maxFiles) {
          logger.error(
            { mailbox: box.user, uid, attachments: attachments.length },
            'e-mail over the intake limits: left in the mailbox for a person',
          );
          await client.messageFlagsAdd(String(uid), [FAILED_KEYWORD], { uid: true });
          result.skipped++;
          continue;
        }
        const files: IngestFile[] = attachments.map((a, i) => ({
          fileName: a.filename ?? `zalacznik-${i + 1}`,
          declaredType: a.contentType,
          bytes: a.content,
        }));
        if (files.length > 0) {
          const received = parsed.date ?? (message.internalDate instanceof Date ? message.internalDate : new Date());
          await ingestFiles(
            ports,
            {
              clientId: `mailbox:${box.voivodeship}:${box.user}`,
              voivodeship: box.voivodeship,
              channel: 'email',
              sender: (parsed.from?.text ?? '').slice(0, 500),
              subject: (parsed.subject ?? '').slice(0, 1000),
              body: (parsed.text ?? '').slice(0, 20_000),
              receivedAt: received.toISOString(),
            },
            files,
            `imap:${uidValidity}:${uid}`,
          );
          result.scans += files.length;
        }
        faultPoint('intake.mailbox.before-flag');
        await client.messageFlagsAdd(String(uid), ['\\Seen', PROCESSED_KEYWORD], { uid: true });
        if (box.processedMailbox) await client.messageMove(String(uid), box.processedMailbox, { uid: true });
        result.messages++;
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return result;
}
