import { REVIEW_STATUS, type ReviewItem, type ReviewStatus } from '../domain/review-item.js';

/** What the queue shows and filters on for one application (made for the items of a page; see Slot for storage). */
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

/**
 * One listed item, flat and small: repeated values (voivodeship, status, kind, unit type, the set of areas) are
 * shared strings and arrays, the submission time a number; the QueueEntry a page shows is made from it only for
 * the items on that page.
 */
interface Slot {
  id: string;
  at: number;
  number: string;
  voivodeship: string | null;
  status: ReviewStatus;
  kind: ReviewItem['kind'];
  unitName: string | null;
  regon: string | null;
  unitType: string | null;
  userName: string | null;
  login: string | null;
  areas: readonly string[];
  scans: number;
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
  let byId = new Map<string, Slot>();
  /** Application number → slot: a search by number (the common one) reads one entry, not the whole queue. */
  let byNumber = new Map<string, Slot>();
  let sorted: Slot[] = [];
  let counts = new Map<string, Record<ReviewStatus, number>>();
  /** How many listed items have each unit type (the queue's unit-type filter offers the ones present). */
  let unitTypes = new Map<string, number>();

  const zero = () => Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<ReviewStatus, number>;
  const count = (s: Slot, by: 1 | -1, into = { counts, unitTypes }) => {
    for (const key of ['*', s.voivodeship ?? '?']) {
      const c = into.counts.get(key) ?? zero();
      c[s.status] += by;
      into.counts.set(key, c);
    }
    if (s.unitType !== null) {
      const n = (into.unitTypes.get(s.unitType) ?? 0) + by;
      if (n > 0) into.unitTypes.set(s.unitType, n);
      else into.unitTypes.delete(s.unitType);
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
  const shared = new Map<string, string>();
  const intern = <T extends string | null>(v: T): T => {
    if (v === null) return v;
    const known = shared.get(v);
    if (known !== undefined) return known as T;
    shared.set(v, v);
    return v;
  };
  const areaSets = new Map<string, readonly string[]>();
  const internAreas = (areas: readonly string[]) => {
    const key = areas.join(',');
    const known = areaSets.get(key);
    if (known) return known;
    const frozen = Object.freeze([...areas]);
    areaSets.set(key, frozen);
    return frozen;
  };
  const slotOf = (e: QueueEntry): Slot => ({
    id: e.applicationId,
    at: e.submittedAt.getTime(),
    number: e.number,
    voivodeship: intern(e.voivodeship),
    status: intern(e.status),
    kind: intern(e.kind),
    unitName: e.unit?.name ?? null,
    regon: e.unit?.regon ?? null,
    unitType: intern(e.unit?.type ?? null),
    userName: e.user?.name ?? null,
    login: e.user?.login ?? null,
    areas: internAreas(e.areas),
    scans: e.scans,
  });
  const entryOf = (s: Slot): QueueEntry => ({
    applicationId: s.id,
    number: s.number,
    voivodeship: s.voivodeship,
    status: s.status,
    kind: s.kind,
    unit: s.unitName !== null ? { name: s.unitName, regon: s.regon ?? '', type: s.unitType ?? '' } : null,
    user: s.userName !== null ? { name: s.userName, login: s.login ?? '' } : null,
    areas: s.areas,
    submittedAt: new Date(s.at),
    scans: s.scans,
  });
  const unlink = (slot: Slot) => {
    const i = lowerBound(slot.at, slot.id);
    if (sorted[i] === slot) sorted.splice(i, 1);
    byId.delete(slot.id);
    if (byNumber.get(slot.number) === slot) byNumber.delete(slot.number);
    count(slot, -1);
  };

  /** `text` is the trimmed search; `pattern` finds it anywhere in a name, in any case. */
  const matches = (s: Slot, f: QueueFilter, text: string | null, pattern: RegExp | null): boolean => {
    if (f.voivodeship !== null && s.voivodeship !== f.voivodeship) return false;
    if (f.status !== null && s.status !== f.status) return false;
    if (f.area !== null && !s.areas.includes(f.area)) return false;
    if (f.unitType !== null && s.unitType !== f.unitType) return false;
    if (text !== null && pattern !== null)
      return (
        s.number === text ||
        s.regon === text ||
        s.login === text.toLowerCase() ||
        (s.unitName !== null && pattern.test(s.unitName)) ||
        (s.userName !== null && pattern.test(s.userName))
      );
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
      byNumber.set(slot.number, slot);
      count(slot, 1);
    },

    remove(applicationId: string): void {
      const old = byId.get(applicationId);
      if (old) unlink(old);
    },

    /**
     * Replaces everything (the load at start and a resynchronisation). The new index is built aside while the
     * items stream in, so readers see the old one until the swap, and no list of all entries is held at once.
     */
    async load(items: Iterable<QueueEntry> | AsyncIterable<QueueEntry>): Promise<void> {
      const next = { byId: new Map<string, Slot>(), byNumber: new Map<string, Slot>(), counts: new Map(), unitTypes: new Map() };
      const slots: Slot[] = [];
      for await (const entry of items) {
        const slot = slotOf(entry);
        if (next.byId.has(slot.id)) continue;
        next.byId.set(slot.id, slot);
        next.byNumber.set(slot.number, slot);
        slots.push(slot);
        count(slot, 1, next);
      }
      sorted = slots.sort((a, b) => order(a.at, a.id, b));
      ({ byId, byNumber, counts, unitTypes } = next);
    },

    list(f: QueueFilter): QueuePage {
      const text = f.text?.trim() || null;
      const pattern = text === null ? null : new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'iu');
      if (text !== null && NUMBER.test(text)) {
        // An application number names one application (no unit or person name looks like one).
        const slot = byNumber.get(text);
        const inPage =
          slot &&
          matches(slot, f, text, pattern) &&
          (!f.from || slot.at >= f.from.getTime()) &&
          (!f.to || slot.at < f.to.getTime()) &&
          (!f.after || order(f.after.submittedAt.getTime(), f.after.id, slot) < 0);
        return { items: inPage && f.limit > 0 ? [entryOf(slot)] : [], next: null };
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
        if (!matches(s, f, text, pattern)) continue;
        if (items.length === f.limit) {
          const last = items.at(-1)!;
          return { items, next: { submittedAt: last.submittedAt, id: last.applicationId } };
        }
        items.push(entryOf(s));
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
