/**
 * A keyset-pagination cursor: the last item's time and id, opaque to clients (base64url of `<ISO time>|<id>`).
 * Shared by every list that pages by (time, id), so cursors look and parse the same everywhere.
 */
export interface PageCursor {
  at: Date;
  id: string;
}

export const encodePageCursor = (c: PageCursor): string => Buffer.from(`${c.at.toISOString()}|${c.id}`).toString('base64url');

/** The cursor, or null when it does not decode to one. */
export function decodePageCursor(s: string): PageCursor | null {
  const [time, id] = Buffer.from(s, 'base64url').toString('utf8').split('|');
  const at = new Date(time ?? '');
  return id && !Number.isNaN(at.getTime()) ? { at, id } : null;
}
