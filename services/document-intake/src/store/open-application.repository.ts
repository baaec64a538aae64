import type { Connection } from 'mongoose';
import { insertEachOnce, isDuplicateKey, type MongoBackend } from '@cas/mongo';
import { OPEN_APPLICATION_STATUS, type OpenApplication } from '../domain/open-application.js';

/** Stored name: do not rename without a migration. */
export const OPEN_APPLICATIONS_COLLECTION = 'open_applications';
/** Stored name: application number → id (`_id` is the number), so a scan's lookup is by `_id`. Do not rename. */
export const APPLICATION_NUMBERS_COLLECTION = 'open_application_numbers';

type Doc = Omit<OpenApplication, 'applicationId'> & { _id: string; updatedAt: Date };

const plain = ({ _id, updatedAt: _u, ...rest }: Doc): OpenApplication => ({ applicationId: _id, ...rest });

/**
 * Every scan looks its application up by number. FerretDB 1.x reads the whole collection for any filter but
 * `_id` (docs/adr/0004), so the number is also the `_id` of a small document pointing to the application: two
 * `_id` reads per lookup however many applications are open.
 */
export function createOpenApplicationRepository(conn: Connection, backend: MongoBackend) {
  const coll = () => conn.collection<Doc>(OPEN_APPLICATIONS_COLLECTION);
  const numbers = () => conn.collection<{ _id: string; applicationId: string }>(APPLICATION_NUMBERS_COLLECTION);
  const idOfNumber = numberCache(NUMBERS_CACHED);
  return {
    /** Also fills in the number documents of applications opened before they existed (one read at start). */
    async ensureIndexes() {
      if (backend === 'mongodb') await coll().createIndex({ number: 1 }, { unique: true });
      const all = await coll()
        .find({}, { projection: { number: 1 } })
        .toArray();
      const known = new Set(
        (
          await numbers()
            .find({}, { projection: { _id: 1 } })
            .toArray()
        ).map((d) => d._id),
      );
      const missing = all.filter((d) => !known.has(d.number)).map((d) => ({ _id: d.number, applicationId: d._id }));
      for (let i = 0; i < missing.length; i += 500) await insertEachOnce(numbers(), missing.slice(i, i + 500));
    },
    /** Insert-only upsert: a replayed `submitted` never reopens an application closed since. */
    async open(app: Omit<OpenApplication, 'status'>): Promise<void> {
      const { applicationId, ...rest } = app;
      // The number first: an application is found by number only once both are stored, and a retry completes it.
      await numbers()
        .insertOne({ _id: app.number, applicationId })
        .catch((e: unknown) => {
          if (!isDuplicateKey(e)) throw e;
        });
      await coll().updateOne(
        { _id: applicationId },
        { $setOnInsert: { ...rest, status: OPEN_APPLICATION_STATUS.open, updatedAt: new Date() } },
        { upsert: true },
      );
    },
    async close(applicationId: string, reason: string): Promise<void> {
      await coll().updateOne(
        { _id: applicationId, status: OPEN_APPLICATION_STATUS.open },
        { $set: { status: OPEN_APPLICATION_STATUS.closed, closedReason: reason, updatedAt: new Date() } },
      );
    },
    async findByNumber(number: string): Promise<OpenApplication | null> {
      let applicationId = idOfNumber.get(number);
      if (!applicationId) {
        applicationId = (await numbers().findOne({ _id: number }))?.applicationId;
        if (applicationId) idOfNumber.set(number, applicationId);
      }
      const doc = applicationId ? await coll().findOne({ _id: applicationId }) : null;
      return doc?.number === number ? plain(doc) : null;
    },
    async findById(applicationId: string): Promise<OpenApplication | null> {
      const doc = await coll().findOne({ _id: applicationId });
      return doc ? plain(doc) : null;
    },
  };
}
export type OpenApplicationRepository = ReturnType<typeof createOpenApplicationRepository>;

/** How many number → id pairs a replica keeps (a few hundred bytes each). */
const NUMBERS_CACHED = 20_000;

/**
 * A number, once given, names the same application for ever (registration never reuses one), so the pairs
 * this replica has read stay true: one read per scan instead of two. Only found pairs are kept (a number not
 * known yet may be known soon); the oldest read goes first when full.
 */
function numberCache(max: number) {
  const ids = new Map<string, string>();
  return {
    get: (number: string) => ids.get(number),
    set(number: string, applicationId: string): void {
      ids.set(number, applicationId);
      if (ids.size > max) ids.delete(ids.keys().next().value!);
    },
  };
}
