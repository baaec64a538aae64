import { REVIEW_STATUS, type ReviewItem, type ReviewStatus } from '../domain/review-item.js';

/** What the queue shows and filters on for one application: a few hundred bytes, 100,000 of them fit easily. */
export interface QueueEntry {
  applicationId: string;
  number: string;
  voivodeship: string | null;
  status: ReviewStatus;
  kind: ReviewItem['kind'];
  unit: { name: string; regon: string; type: string } | null;
  user: { name: string; login: string } | null;
  /** The areas the application asks for (PS, WRiSPZ, …), each once. */
  areas: readonly string[];
  submittedAt: Date;
  scans: number;
}

export interface QueueFilter {
  /** A voivodeship, or null for all (the central administrator). */
  voivodeship: string | null;
  status: ReviewStatus | null;
  /** Exact number, REGON or login, or part of the unit's or the user's name (any case). */
  text: string | null;
  area: string | null;
  unitType: string | null;
  /** Submitted at or after `from` and before `to`. */
  from: Date | null;
  to: Date | null;
  /** Keyset pagination: items after this one in queue order. */
  after: { submittedAt: Date; id: string } | null;
  limit: number;
}

/** No filter at all (spread it and set what you need). */
export const ANY: QueueFilter = {
  voivodeship: null,
  status: null,
  text: null,
  area: null,
  unitType: null,
  from: null,
  to: null,
  after: null,
  limit: 50,
};

export interface QueuePage {
  items: QueueEntry[];
  next: { submittedAt: Date; id: string } | null;
}

const STATUSES = Object.values(REVIEW_STATUS);

interface Slot {
  entry: QueueEntry;
  at: number;
  id: string;
  /** Lower-cased unit and user names, for the part-of-name search. */
  names: string;
}

/** The queue's view of an item, or null when it is not listed (a scan seen before its application). */
export function toQueueEntry(item: ReviewItem): QueueEntry | null {
  if (item.number === null || item.submittedAt === null) return null;
  return {
    applicationId: item.applicationId,
    number: item.number,
    voivodeship: item.voivodeship,
    status: item.status,
    kind: item.kind,
    unit: item.unit ? { name: item.unit.name, regon: item.unit.regon, type: item.unit.type } : null,
    user: item.user ? { name: `${item.user.firstName} ${item.user.lastName}`, login: item.user.login } : null,
    areas: [...new Set(item.grants.map((g) => g.area))],
    submittedAt: item.submittedAt,
    scans: item.scans.length,
  };
}

/** The shape of an application number (`WW/YYYY/NNNNNN`). */
const NUMBER = /^\d{2}\/\d{4}\/\d{6}$/;

const order = (at: number, id: string, s: Slot): number => at - s.at || (id < s.id ? -1 : id > s.id ? 1 : 0);

/**
 * The review queue in memory, one per replica (docs/adr/0008): entries kept in queue order (oldest submission
 * first, then id) with counts per voivodeship and status, so a page, its counts, a search and the "next item"
 * link cost microseconds to a few milliseconds at 100,000 items, where FerretDB would read the whole collection
 * for each (it indexes only `_id`). The store keeps it current (review-index.sync.ts); it holds no truth of its
 * own and is rebuilt from `review_items` at start.
 */
export function createReviewIndex() {
  const byId = new Map<string, Slot>();
  /** Application number → slot: a search by number (the common one) reads one entry, not the whole queue. */
  const byNumber = new Map<string, Slot>();
  let sorted: Slot[] = [];
  const counts = new Map<string, Record<ReviewStatus, number>>();
  /** How many listed items have each unit type (the queue's unit-type filter offers the ones present). */
  const unitTypes = new Map<string, number>();

  const zero = () => Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<ReviewStatus, number>;
  const count = (e: QueueEntry, by: 1 | -1) => {
    for (const key of ['*', e.voivodeship ?? '?']) {
      const c = counts.get(key) ?? zero();
      c[e.status] += by;
      counts.set(key, c);
    }
    if (e.unit) {
      const n = (unitTypes.get(e.unit.type) ?? 0) + by;
      if (n > 0) unitTypes.set(e.unit.type, n);
      else unitTypes.delete(e.unit.type);
    }
  };
  /** The first position whose slot is at or after (at, id). */
  const lowerBound = (at: number, id: string): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (order(at, id, sorted[mid]!) > 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const slotOf = (entry: QueueEntry): Slot => ({
    entry,
    at: entry.submittedAt.getTime(),
    id: entry.applicationId,
    names: `${entry.unit?.name ?? ''}\n${entry.user?.name ?? ''}`.toLowerCase(),
  });
  const unlink = (slot: Slot) => {
    const i = lowerBound(slot.at, slot.id);
    if (sorted[i] === slot) sorted.splice(i, 1);
    byId.delete(slot.id);
    if (byNumber.get(slot.entry.number) === slot) byNumber.delete(slot.entry.number);
    count(slot.entry, -1);
  };

  const matches = (s: Slot, f: QueueFilter, text: string | null, textLower: string | null): boolean => {
    const e = s.entry;
    if (f.voivodeship !== null && e.voivodeship !== f.voivodeship) return false;
    if (f.status !== null && e.status !== f.status) return false;
    if (f.area !== null && !e.areas.includes(f.area)) return false;
    if (f.unitType !== null && e.unit?.type !== f.unitType) return false;
    if (text !== null && textLower !== null)
      return e.number === text || e.unit?.regon === text || e.user?.login === textLower || s.names.includes(textLower);
    return true;
  };

  return {
    /** The item as it is now: added, changed, moved in the order, or dropped when it is no longer listed. */
    put(item: ReviewItem): void {
      const entry = toQueueEntry(item);
      const old = byId.get(item.applicationId);
      if (old) unlink(old);
      if (!entry) return;
      const slot = slotOf(entry);
      sorted.splice(lowerBound(slot.at, slot.id), 0, slot);
      byId.set(slot.id, slot);
      byNumber.set(entry.number, slot);
      count(entry, 1);
    },

    remove(applicationId: string): void {
      const old = byId.get(applicationId);
      if (old) unlink(old);
    },

    /** Replaces everything (the load at start and a resynchronisation). */
    replaceAll(items: Iterable<QueueEntry>): void {
      byId.clear();
      byNumber.clear();
      counts.clear();
      unitTypes.clear();
      const slots: Slot[] = [];
      for (const entry of items) {
        const slot = slotOf(entry);
        if (byId.has(slot.id)) continue;
        byId.set(slot.id, slot);
        byNumber.set(entry.number, slot);
        slots.push(slot);
        count(entry, 1);
      }
      sorted = slots.sort((a, b) => order(a.at, a.id, b));
    },

    list(f: QueueFilter): QueuePage {
      const text = f.text?.trim() || null;
      const textLower = text?.toLowerCase() ?? null;
      if (text !== null && NUMBER.test(text)) {
        // An application number names one application (no unit or person name looks like one).
        const slot = byNumber.get(text);
        const inPage =
          slot &&
          matches(slot, f, text, textLower) &&
          (!f.from || slot.at >= f.from.getTime()) &&
          (!f.to || slot.at < f.to.getTime()) &&
          (!f.after || order(f.after.submittedAt.getTime(), f.after.id, slot) < 0);
        return { items: inPage && f.limit > 0 ? [slot.entry] : [], next: null };
      }
      let i = f.from ? lowerBound(f.from.getTime(), '') : 0;
      if (f.after) {
        const at = f.after.submittedAt.getTime();
        let j = lowerBound(at, f.after.id);
        const found = sorted[j];
        if (found && order(at, f.after.id, found) === 0) j++;
        i = Math.max(i, j);
      }
      const until = f.to ? f.to.getTime() : Infinity;
      const items: QueueEntry[] = [];
      for (; i < sorted.length; i++) {
        const s = sorted[i]!;
        if (s.at >= until) break;
        if (!matches(s, f, text, textLower)) continue;
        if (items.length === f.limit) {
          const last = items.at(-1)!;
          return { items, next: { submittedAt: last.submittedAt, id: last.applicationId } };
        }
        items.push(s.entry);
      }
      return { items, next: null };
    },

    /** Listed items per status in a voivodeship, or in all of them. */
    countByStatus(voivodeship: string | null): Record<ReviewStatus, number> {
      return { ...(counts.get(voivodeship ?? '*') ?? zero()) };
    },

    /** The unit types of listed items, sorted. */
    unitTypes(): string[] {
      return [...unitTypes.keys()].sort();
    },

    get size(): number {
      return sorted.length;
    },
  };
}
export type ReviewIndex = ReturnType<typeof createReviewIndex>;
