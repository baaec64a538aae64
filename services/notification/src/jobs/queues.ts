import { z } from 'zod';
import { defineQueue } from '@cas/queue';

/**
 * Queue and job names are stored names (Redis keys): do not rename without draining the old queue.
 */
export const emailQueue = defineQueue('notification-email', {
  'send-email': z.strictObject({
    /** Deliveries-ledger key: `<eventId>--<template>--<recipient hash>`. */
    deliveryId: z.string().min(1).max(200),
    /**
     * The ledger entry as it was claimed, carried by the job of a fresh claim (never one with a secret): its first
     * run sends without reading the ledger back. Retries, runs after a stall and re-added jobs read the ledger.
     */
    fresh: z
      .strictObject({
        recipient: z.string().min(3).max(254),
        template: z.string().min(1).max(100),
        messageId: z.string().min(3).max(400),
        subject: z.string().max(1_000),
        text: z.string().max(200_000),
        html: z.string().max(400_000),
      })
      .optional(),
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
