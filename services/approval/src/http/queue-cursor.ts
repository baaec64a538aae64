import { decodePageCursor, encodePageCursor } from '@cas/http';

/** Where a page of the queue ends: the last item's submission time and id (the shared page cursor of @cas/http). */
export interface QueueCursor {
  submittedAt: Date;
  id: string;
}

export const encodeCursor = (c: QueueCursor): string => encodePageCursor({ at: c.submittedAt, id: c.id });

/** The cursor, or null when it does not decode to one. */
export function decodeCursor(s: string): QueueCursor | null {
  const c = decodePageCursor(s);
  return c ? { submittedAt: c.at, id: c.id } : null;
}
