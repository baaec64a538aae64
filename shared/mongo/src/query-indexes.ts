/** Which server a connection talks to; some of FerretDB 1.x's limits change how we must write queries. */
export type MongoBackend = 'mongodb' | 'ferretdb';

/**
 * Adds indexes that only serve queries (not uniqueness). FerretDB 1.x's SQLite backend pushes down no filter
 * but `{_id}`, so it never reads them, while every insert and update recomputes each one from the whole
 * document: there they are pure write cost and are left out. Unique indexes are always created (declare them
 * on the schema with `unique: true`).
 */
export function addQueryIndexes(
  backend: MongoBackend,
  schema: { index(fields: Record<string, 1 | -1>): unknown },
  indexes: Record<string, 1 | -1>[],
): void {
  if (backend === 'ferretdb') return;
  for (const fields of indexes) schema.index(fields);
}
