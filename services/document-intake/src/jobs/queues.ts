import { z } from 'zod';
import { defineQueue } from '@cas/queue';

/** Queue and job names are stored names (Redis keys): do not rename without draining the old queue. */
export const scanQueue = defineQueue('intake-scan', {
  /** One scan: validate, find the QR code or a number, match, emit the outcome. Job id = scan id. */
  'process-scan': z.strictObject({ scanId: z.string().min(1).max(100) }),
  /** Repeatable: re-adds the jobs of scans still `queued` long after they arrived (Redis is not the truth). */
  'reconcile-scans': z.strictObject({}),
});

/** Stored name of the repeatable reconciler. Do not rename. */
export const RECONCILE_SCHEDULER_ID = 'intake-reconcile-scans';

/** Polls the configured IMAP mailboxes (one poll at a time across replicas: global concurrency 1). */
export const mailboxQueue = defineQueue('intake-mailbox', {
  'poll-mailboxes': z.strictObject({}),
});

/** Polls the configured hot folders (one poll at a time across replicas: global concurrency 1). */
export const hotFolderQueue = defineQueue('intake-hot-folder', {
  'poll-hot-folders': z.strictObject({}),
});

/** Stored names of the channel pollers' schedulers. Do not rename. */
export const MAILBOX_SCHEDULER_ID = 'intake-poll-mailboxes';
export const HOT_FOLDER_SCHEDULER_ID = 'intake-poll-hot-folders';
