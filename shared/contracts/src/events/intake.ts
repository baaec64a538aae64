import { z } from 'zod';
import { defineEvent } from '../envelope.js';
import { applicationNumber, id, isoDateTime, scanChannel, voivodeshipCode } from '../common.js';

/** Subjects are stored names: do not rename (a new version is a new subject, `.v2`). */

export const scanMatched = defineEvent(
  'intake.scan.matched.v1',
  z.strictObject({
    scanId: id,
    applicationId: id,
    number: applicationNumber,
    matchedBy: z.enum(['qr', 'text', 'manual']),
    verified: z.boolean(),
    channel: scanChannel,
    receivedAt: isoDateTime,
    contentType: z.string().min(1).max(100),
    pages: z.number().int().min(0).max(10_000),
    sha256: z.string().regex(/^[a-f0-9]{64}$/),
  }),
);

export const UNMATCHED_REASONS = ['no-code-found', 'unknown-number', 'application-not-open', 'code-mismatch', 'not-related'] as const;

const scanNotMatched = <R extends z.ZodType>(reason: R) =>
  z.strictObject({
    scanId: id,
    channel: scanChannel,
    sender: z.string().max(500),
    subject: z.string().max(1000),
    receivedAt: isoDateTime,
    voivodeship: voivodeshipCode,
    reason,
  });

export const scanUnmatched = defineEvent('intake.scan.unmatched.v1', scanNotMatched(z.enum(UNMATCHED_REASONS)));

export const scanRejected = defineEvent('intake.scan.rejected.v1', scanNotMatched(z.string().min(1).max(200)));
