import { z } from 'zod';
import { AREA_CODES } from '@cas/contracts';
import { CommonErrors, type FieldError } from '@cas/errors';
import { REVIEW_STATUS, type ReviewStatus } from '../domain/review-item.js';
import type { QueueFilter } from '../store/review-index.js';
import { decodeCursor } from './queue-cursor.js';

const DAY_MS = 86_400_000;
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Podaj datę w formacie RRRR-MM-DD.');

/** The queue's filters, shared by the API (`GET /api/v1/review-items`) and the page (`/`). */
export const queueFilterShape = {
  status: z.enum(Object.values(REVIEW_STATUS) as [ReviewStatus, ...ReviewStatus[]]).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  area: z.enum(AREA_CODES).optional(),
  unitType: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/, 'Niepoprawny kod typu jednostki.')
    .optional(),
  /** Submitted on or after this UTC day. */
  from: day.optional(),
  /** Submitted on or before this UTC day. */
  to: day.optional(),
  after: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/)
    .optional(),
};
export type QueueFilterQuery = z.infer<z.ZodObject<typeof queueFilterShape>>;

const dayStart = (s: string): Date | null => {
  const d = new Date(`${s}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s ? null : d;
};

/**
 * The index filter for a parsed query, or a 400 naming the fields (an impossible date, `from` after `to`, a
 * cursor this service did not make).
 */
export function toQueueFilter(q: QueueFilterQuery, voivodeship: string | null, limit: number): QueueFilter {
  const errors: FieldError[] = [];
  const from = q.from ? dayStart(q.from) : null;
  const to = q.to ? dayStart(q.to) : null;
  if (q.from && !from) errors.push({ field: 'from', message: 'Niepoprawna data.' });
  if (q.to && !to) errors.push({ field: 'to', message: 'Niepoprawna data.' });
  if (from && to && from > to) errors.push({ field: 'from', message: 'Data „od” jest późniejsza niż „do”.' });
  const after = q.after ? decodeCursor(q.after) : null;
  if (q.after && !after) errors.push({ field: 'after', message: 'Niepoprawny kursor strony.' });
  if (errors.length > 0) throw CommonErrors.validation(errors);
  return {
    voivodeship,
    status: q.status ?? null,
    text: q.q ?? null,
    area: q.area ?? null,
    unitType: q.unitType ?? null,
    from,
    to: to ? new Date(to.getTime() + DAY_MS) : null,
    after,
    limit,
  };
}
