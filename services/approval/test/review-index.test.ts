import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { emptyReviewItem, REVIEW_STATUS, type ReviewItem, type ReviewStatus } from '../src/domain/review-item.js';
import { ANY, createReviewIndex, toQueueEntry, type QueueEntry, type QueueFilter } from '../src/store/review-index.js';

const STATUSES = Object.values(REVIEW_STATUS);
const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

/** A listed item: `n` picks its number, REGON and names; the rest is given. */
function item(
  id: string,
  o: { n: number; day: number; voivodeship: string; status: ReviewStatus; type: string; areas: ('PS' | 'SR' | 'FA')[] },
): ReviewItem {
  return {
    ...emptyReviewItem(id),
    number: `${o.voivodeship}/2026/${String(o.n).padStart(6, '0')}`,
    voivodeship: o.voivodeship,
    kind: 'new-unit',
    status: o.status,
    unit: {
      id: `u${o.n}`,
      isNew: true,
      name: `Ośrodek Pomocy Społecznej w Gminie ${o.n}`,
      type: o.type,
      regon: String(100_000_000 + o.n),
      teryt: '2661011',
    },
    user: {
      id: `p${o.n}`,
      firstName: 'Anna',
      lastName: `Nowak${o.n}`,
      email: `a${o.n}@example.pl`,
      phone: '',
      position: 'pracownik',
      login: `anowak${o.n}`,
    },
    grants: o.areas.map((area) => ({ area, subArea: 'x' })),
    submittedAt: new Date(T0 + o.day * DAY),
  };
}

/** What the queue must answer, computed the slow obvious way: filter everything, sort, cut. */
function naive(items: Map<string, ReviewItem>, f: QueueFilter): QueueEntry[] {
  const text = f.text?.trim().toLowerCase() ?? null;
  return [...items.values()]
    .map(toQueueEntry)
    .filter((e): e is QueueEntry => e !== null)
    .filter(
      (e) =>
        (f.voivodeship === null || e.voivodeship === f.voivodeship) &&
        (f.status === null || e.status === f.status) &&
        (f.area === null || e.areas.includes(f.area)) &&
        (f.unitType === null || e.unit?.type === f.unitType) &&
        (f.from === null || e.submittedAt >= f.from) &&
        (f.to === null || e.submittedAt < f.to) &&
        (text === null ||
          e.number === f.text ||
          e.unit?.regon === f.text ||
          e.user?.login === text ||
          `${e.unit?.name}\n${e.user?.name}`.toLowerCase().includes(text)),
    )
    .sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime() || (a.applicationId < b.applicationId ? -1 : 1));
}

/** Every page of a filter, following `next` until it is null. */
function allPages(index: ReturnType<typeof createReviewIndex>, f: QueueFilter): QueueEntry[] {
  const out: QueueEntry[] = [];
  let after = f.after;
  for (let guard = 0; guard < 1_000; guard++) {
    const page = index.list({ ...f, after });
    expect(page.items.length).toBeLessThanOrEqual(f.limit);
    out.push(...page.items);
    if (!page.next) return out;
    expect(page.items.length).toBe(f.limit);
    after = page.next;
  }
  throw new Error('pagination did not end');
}

const ops = fc.array(
  fc.oneof(
    fc.record({
      op: fc.constant('put' as const),
      id: fc.integer({ min: 0, max: 40 }),
      n: fc.integer({ min: 0, max: 12 }),
      day: fc.integer({ min: 0, max: 30 }),
      voivodeship: fc.constantFrom('02', '14', '26'),
      status: fc.constantFrom(...STATUSES),
      type: fc.constantFrom('ops', 'pcpr', 'dps'),
      areas: fc.subarray(['PS', 'SR', 'FA'] as ('PS' | 'SR' | 'FA')[], { minLength: 1 }),
    }),
    fc.record({ op: fc.constant('remove' as const), id: fc.integer({ min: 0, max: 40 }) }),
    fc.record({ op: fc.constant('unlisted' as const), id: fc.integer({ min: 0, max: 40 }) }),
  ),
  { maxLength: 120 },
);

const filters = fc.record({
  voivodeship: fc.constantFrom(null, '02', '26'),
  status: fc.constantFrom(null, ...STATUSES),
  text: fc.constantFrom(null, 'gminie 1', 'NOWAK3', '26/2026/000004', '100000005', 'anowak7', 'brak'),
  area: fc.constantFrom(null, 'PS', 'FA'),
  unitType: fc.constantFrom(null, 'ops', 'dps'),
  from: fc.constantFrom(null, new Date(T0 + 5 * DAY)),
  to: fc.constantFrom(null, new Date(T0 + 20 * DAY)),
  limit: fc.integer({ min: 1, max: 7 }),
});

describe('review queue index', () => {
  it('answers every filter and every page as filtering and sorting all items would, after any sequence of changes', () => {
    fc.assert(
      fc.property(ops, filters, (sequence, f) => {
        const index = createReviewIndex();
        const model = new Map<string, ReviewItem>();
        for (const o of sequence) {
          const id = `app-${String(o.id).padStart(3, '0')}`;
          if (o.op === 'put') {
            const it = item(id, o);
            index.put(it);
            model.set(id, it);
          } else if (o.op === 'remove') {
            index.remove(id);
            model.delete(id);
          } else {
            // A scan seen before its application: not listed.
            index.put(emptyReviewItem(id));
            model.set(id, emptyReviewItem(id));
          }
        }
        const filter: QueueFilter = { ...ANY, ...f };
        const expected = naive(model, filter);
        expect(allPages(index, filter).map((e) => e.applicationId)).toEqual(expected.map((e) => e.applicationId));
        for (const v of [null, '02', '14', '26']) {
          const counts = index.countByStatus(v);
          for (const s of STATUSES) expect(counts[s]).toBe(naive(model, { ...ANY, voivodeship: v, status: s, limit: 1_000 }).length);
        }
        expect(index.size).toBe(naive(model, { ...ANY, limit: 1_000 }).length);
        expect(index.unitTypes()).toEqual([...new Set(naive(model, ANY).map((e) => e.unit!.type))].sort());
      }),
      { numRuns: 300 },
    );
  });

  it('a cursor pointing at an item that has since gone still continues after its position', () => {
    const index = createReviewIndex();
    const base = { n: 1, voivodeship: '26', status: REVIEW_STATUS.readyForReview, type: 'ops', areas: ['PS' as const] };
    for (let i = 0; i < 5; i++) index.put(item(`a${i}`, { ...base, n: i, day: i }));
    const first = index.list({ ...ANY, limit: 2 });
    expect(first.items.map((e) => e.applicationId)).toEqual(['a0', 'a1']);
    index.remove('a1');
    expect(index.list({ ...ANY, limit: 2, after: first.next }).items.map((e) => e.applicationId)).toEqual(['a2', 'a3']);
  });

  it('load builds the same index as putting the items one by one, and drops what was there', async () => {
    const one = createReviewIndex();
    const bulk = createReviewIndex();
    bulk.put(item('stale', { n: 99, day: 1, voivodeship: '02', status: 'approved', type: 'dps', areas: ['FA'] }));
    const items = Array.from({ length: 200 }, (_, i) =>
      item(`x${(i * 7919) % 200}`, {
        n: i,
        day: (i * 31) % 17,
        voivodeship: i % 2 ? '26' : '14',
        status: STATUSES[i % STATUSES.length]!,
        type: 'ops',
        areas: ['PS'],
      }),
    );
    for (const it of items) one.put(it);
    await bulk.load(items.map((it) => toQueueEntry(it)!));
    expect(bulk.list({ ...ANY, limit: 500 })).toEqual(one.list({ ...ANY, limit: 500 }));
    expect(bulk.countByStatus(null)).toEqual(one.countByStatus(null));
    expect(bulk.unitTypes()).toEqual(['ops']);
  });
});
