import { trusted } from 'mongoose';
import { faultPoint } from '@cas/config';
import type { Envelope } from '@cas/contracts';
import { createKeyedLock, isDuplicateKey, outboxOnInsert, outboxOnUpdate, type KeyedLock, type OutboxEntry } from '@cas/mongo';
import type { Application, ApplicationStatus } from '../domain/application.js';
import type { Models } from './models.js';

export interface StoredApplication extends Application {
  idempotencyKey: string;
  requestHash: string;
}

const toApplication = (doc: Record<string, unknown>): StoredApplication => {
  const { _id, outbox: _o, outboxPending: _p, outboxLockedUntil: _l, ...rest } = doc;
  return { id: String(_id), ...(rest as Omit<StoredApplication, 'id'>) };
};

/**
 * `lock` is shared with the outbox relay: every write to an existing application document goes through it
 * (FerretDB's read-then-write updates, docs/adr/0004).
 */
export function createApplicationRepository(
  models: Models,
  lock: KeyedLock = createKeyedLock(),
  /** Called after a write that added outbox entries (main.ts wakes the relay with them). */
  onOutbox: (id: string, entries?: OutboxEntry[]) => void = () => undefined,
) {
  const locked = <T>(id: string, fn: () => Promise<T>) => lock.run(`${models.Application.collection.collectionName}/${id}`, fn);
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
      faultPoint('registration.before-application-insert');
      try {
        const outbox = outboxOnInsert(events);
        await models.Application.collection.insertOne({ _id: id as never, ...rest, ...meta, ...outbox });
        if (outbox.outbox.length) onOutbox(id, outbox.outbox);
        return 'created';
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        // FerretDB's duplicate-key errors do not name the index: find out which unique key collided.
        if (await this.findByIdempotencyKey(meta.idempotencyKey)) return 'duplicate';
        if (await models.Application.exists({ number: app.number })) return 'number-taken';
        throw e;
      }
    },

    /** The application's status, or null when there is no such application. */
    async statusOf(id: string): Promise<ApplicationStatus | null> {
      const doc = await models.Application.findById(id, { status: 1 }).lean();
      return doc ? (doc.status as ApplicationStatus) : null;
    },

    async findByIdempotencyKey(key: string): Promise<StoredApplication | null> {
      const doc = await models.Application.findOne({ idempotencyKey: key }).lean();
      return doc ? toApplication(doc) : null;
    },

    async findById(id: string): Promise<StoredApplication | null> {
      const doc = await models.Application.findById(id).lean();
      return doc ? toApplication(doc) : null;
    },

    /**
     * Guarded status change with a timeline entry (and optional events through the outbox): only from one of
     * `from`, so a replayed or late event changes nothing. Returns whether it applied.
     */
    async transition(
      id: string,
      from: readonly ApplicationStatus[],
      to: ApplicationStatus,
      at: Date,
      events: Envelope[] = [],
      set: Record<string, unknown> = {},
    ): Promise<boolean> {
      const update = { $set: { status: to, ...set }, $push: { timeline: { status: to, at } } };
      const res = await locked(id, () =>
        models.Application.collection.updateOne(
          { _id: id as never, status: { $in: [...from] } },
          (events.length ? outboxOnUpdate(events, update) : update) as never,
        ),
      );
      if (res.modifiedCount === 1 && events.length) onOutbox(id);
      return res.modifiedCount === 1;
    },

    /** Awaiting the signed form since before `submittedBefore` and not reminded yet. */
    async dueForReminder(submittedBefore: Date, limit = 500): Promise<StoredApplication[]> {
      const docs = await models.Application.find({
        status: 'awaiting-document',
        submittedAt: trusted({ $lte: submittedBefore }),
        remindedAt: null,
      })
        .limit(limit)
        .lean();
      return docs.map(toApplication);
    },

    async markReminded(id: string, at: Date, events: Envelope[]): Promise<boolean> {
      const res = await locked(id, () =>
        models.Application.collection.updateOne(
          { _id: id as never, status: 'awaiting-document', remindedAt: null },
          outboxOnUpdate(events, { $set: { remindedAt: at } }) as never,
        ),
      );
      if (res.modifiedCount === 1) onOutbox(id);
      return res.modifiedCount === 1;
    },

    async dueForExpiry(now: Date, limit = 500): Promise<StoredApplication[]> {
      const docs = await models.Application.find({ status: 'awaiting-document', expiresAt: trusted({ $lte: now }) })
        .limit(limit)
        .lean();
      return docs.map(toApplication);
    },

    /** Public status: no personal data, only status and dates (DESIGN §5.2). */
    async statusByNumber(
      number: string,
    ): Promise<{ number: string; status: string; email: string; userId: string; timeline: { status: string; at: Date }[] } | null> {
      const doc = await models.Application.findOne({ number }, { number: 1, status: 1, timeline: 1, 'user.email': 1, 'user.id': 1 }).lean();
      if (!doc) return null;
      const d = doc as unknown as {
        number: string;
        status: string;
        timeline: { status: string; at: Date }[];
        user: { email: string; id: string };
      };
      return { number: d.number, status: d.status, email: d.user.email, userId: d.user.id, timeline: d.timeline };
    },

    async findByNumberAndToken(number: string, token: string): Promise<StoredApplication | null> {
      const doc = await models.Application.findOne({ number, formToken: token }).lean();
      return doc ? toApplication(doc) : null;
    },
  };
}
export type ApplicationRepository = ReturnType<typeof createApplicationRepository>;
