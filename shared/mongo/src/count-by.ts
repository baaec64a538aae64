import type { Collection, Document } from 'mongodb';

/**
 * How many documents matching `match` hold each of `values` in `field`, in one pass (`$group`) instead of one
 * count per value: on FerretDB 1.x every count reads the whole collection (docs/adr/0004), so a page showing
 * counts per status paid that once per status. Values that no document holds count 0.
 */
export async function countBy<T extends Document, V extends string>(
  coll: Collection<T>,
  match: Document,
  field: string,
  values: readonly V[],
): Promise<Record<V, number>> {
  const out = Object.fromEntries(values.map((v) => [v, 0])) as Record<V, number>;
  const groups = await coll
    .aggregate<{ _id: unknown; n: number }>([{ $match: match }, { $group: { _id: `$${field}`, n: { $sum: 1 } } }])
    .toArray();
  for (const g of groups) if (typeof g._id === 'string' && g._id in out) out[g._id as V] = g.n;
  return out;
}
