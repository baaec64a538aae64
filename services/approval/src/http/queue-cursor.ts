/** Where a page of the queue ends: the last item's submission time and id, opaque to clients (base64url). */
export interface QueueCursor {
  submittedAt: Date;
  id: string;
}

export const encodeCursor = (c: QueueCursor): string => Buffer.from(`${c.submittedAt.toISOString()}|${c.id}`).toString('base64url');

/** The cursor, or null when it does not decode to one. */
export function decodeCursor(s: string): QueueCursor | null {
  const [at, id] = Buffer.from(s, 'base64url').toString('utf8').split('|');
  const submittedAt = new Date(at ?? '');
  return id && !Number.isNaN(submittedAt.getTime()) ? { submittedAt, id } : null;
}
