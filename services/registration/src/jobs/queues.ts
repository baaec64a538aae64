import { z } from 'zod';
import { defineQueue } from '@cas/queue';

/** Queue and job names are stored names (Redis keys): do not rename without draining the old queue. */
export const maintenanceQueue = defineQueue('registration-maintenance', {
  /** Repeatable: reminders after N days without a scan, expiry after M days. */
  'check-deadlines': z.strictObject({}),
});

/** Stored name of the repeatable job scheduler. Do not rename. */
export const DEADLINES_SCHEDULER_ID = 'registration-deadlines';

/** Account work done off the request path. Stored name: do not rename without draining the old queue. */
export const accountsQueue = defineQueue('registration-accounts', {
  /** "Przypomnij hasło": the same HTTP answer for every identifier; the lookup and the hash happen here. */
  'issue-password-reminder': z.strictObject({ identifier: z.string().min(1).max(320), ip: z.string().max(100) }),
});
