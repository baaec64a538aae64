import type { Connection } from 'mongoose';
import { OPEN_APPLICATION_STATUS, type OpenApplication } from '../domain/open-application.js';

/** Stored name: do not rename without a migration. */
export const OPEN_APPLICATIONS_COLLECTION = 'open_applications';

type Doc = Omit<OpenApplication, 'applicationId'> & { _id: string; updatedAt: Date };

const plain = ({ _id, updatedAt: _u, ...rest }: Doc): OpenApplication => ({ applicationId: _id, ...rest });

export function createOpenApplicationRepository(conn: Connection) {
  const coll = () => conn.collection<Doc>(OPEN_APPLICATIONS_COLLECTION);
  return {
    async ensureIndexes() {
      await coll().createIndex({ number: 1 }, { unique: true });
    },
    /** Insert-only upsert: a replayed `submitted` never reopens an application closed since. */
    async open(app: Omit<OpenApplication, 'status'>): Promise<void> {
      const { applicationId, ...rest } = app;
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
      const doc = await coll().findOne({ number });
      return doc ? plain(doc) : null;
    },
    async findById(applicationId: string): Promise<OpenApplication | null> {
      const doc = await coll().findOne({ _id: applicationId });
      return doc ? plain(doc) : null;
    },
  };
}
export type OpenApplicationRepository = ReturnType<typeof createOpenApplicationRepository>;
