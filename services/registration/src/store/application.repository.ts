import type { Envelope } from '@cas/contracts';
import { isDuplicateKey, outboxOnInsert } from '@cas/mongo';
import type { Application, UnitSnapshot } from '../domain/application.js';
import type { Models } from './models.js';

export interface StoredApplication extends Application {
  idempotencyKey: string;
  requestHash: string;
}

const toApplication = (doc: Record<string, unknown>): StoredApplication => {
  const { _id, outbox: _o, outboxPending: _p, outboxLockedUntil: _l, ...rest } = doc;
  return { id: String(_id), ...(rest as Omit<StoredApplication, 'id'>) };
};

export function createApplicationRepository(models: Models) {
  return {
    /**
     * Inserts the application together with its events (one document write, DESIGN §6). Returns
     * `duplicate` when the idempotency key was used already, so the caller can answer with the first result.
     */
    async insert(
      app: Application,
      meta: { idempotencyKey: string; requestHash: string },
      events: Envelope[],
    ): Promise<'created' | 'duplicate' | 'number-taken'> {
      const { id, ...rest } = app;
      try {
        await models.Application.collection.insertOne({ _id: id as never, ...rest, ...meta, ...outboxOnInsert(events) });
        return 'created';
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        // FerretDB's duplicate-key errors do not name the index: find out which unique key collided.
        if (await this.findByIdempotencyKey(meta.idempotencyKey)) return 'duplicate';
        if (await models.Application.exists({ number: app.number })) return 'number-taken';
        throw e;
      }
    },

    async findByIdempotencyKey(key: string): Promise<StoredApplication | null> {
      const doc = await models.Application.findOne({ idempotencyKey: key }).lean();
      return doc ? toApplication(doc) : null;
    },

    async findById(id: string): Promise<StoredApplication | null> {
      const doc = await models.Application.findById(id).lean();
      return doc ? toApplication(doc) : null;
    },

    async findUnit(id: string): Promise<UnitSnapshot | null> {
      const doc = await models.Unit.findById(id).lean();
      if (!doc) return null;
      const { _id, ...rest } = doc as Record<string, unknown>;
      return { ...(rest as Omit<UnitSnapshot, 'id'>), id: String(_id), isNew: false };
    },
  };
}
export type ApplicationRepository = ReturnType<typeof createApplicationRepository>;
