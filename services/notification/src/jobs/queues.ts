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
