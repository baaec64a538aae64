import { z } from 'zod';
import { defineQueue } from '@cas/queue';

/** Queue and job names are stored names (Redis keys): do not rename without draining the old queue. */
export const maintenanceQueue = defineQueue('registration-maintenance', {
  /** Repeatable: reminders after N days without a scan, expiry after M days. */
  'check-deadlines': z.strictObject({}),
});

/** Stored name of the repeatable job scheduler. Do not rename. */
export const DEADLINES_SCHEDULER_ID = 'registration-deadlines';
