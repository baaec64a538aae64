import { z } from 'zod';
import { defineQueue } from '@cas/queue';

/**
 * Queue and job names are stored names (Redis keys): do not rename without draining the old queue.
 */
export const emailQueue = defineQueue('notification-email', {
  'send-email': z.strictObject({
    /** Deliveries-ledger key: `<eventId>--<template>--<recipient hash>`. */
    deliveryId: z.string().min(1).max(200),
  }),
});

/** Housekeeping, one job at a time across replicas: the reconciler and the administrators' daily digest. */
export const maintenanceQueue = defineQueue('notification-maintenance', {
  'reconcile-deliveries': z.strictObject({}),
  /** `day` (YYYY-MM-DD) is filled in by the job itself when the scheduler fires; given explicitly, it re-sends that day. */
  'send-digest': z.strictObject({
    day: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
  }),
});

/** Job scheduler ids (stored in Redis): do not rename. */
export const RECONCILE_SCHEDULER_ID = 'notification-reconcile';
export const DIGEST_SCHEDULER_ID = 'notification-daily-digest';
