import type { Envelope } from '@cas/contracts';
import { createKeyedLock, isDuplicateKey, outboxOnInsert, outboxOnUpdate, type KeyedLock, type OutboxEntry } from '@cas/mongo';
import { USER_STATUS, type TemporaryPassword, type TotpState, type UnitGrant, type User } from '../domain/account.js';
import type { Models } from './models.js';

/** Remembered login → user id pairs (oldest dropped first). */
const LOGIN_CACHE_SIZE = 20_000;

const OUTBOX_KEYS = ['outbox', 'outboxPending', 'outboxLockedUntil', 'outboxSince', 'emailLower', 'loginLower'];

const toUser = (doc: Record<string, unknown>): User => {
  const out: Record<string, unknown> = { id: String(doc._id) };
  for (const [k, v] of Object.entries(doc)) if (k !== '_id' && !OUTBOX_KEYS.includes(k)) out[k] = v;
  return out as unknown as User;
};

/**
 * Users who may log in. Every write goes through the service's per-document lock (FerretDB's updates are
 * read-then-write, docs/adr/0004), and writes that carry events put them in the document's outbox.
 */
export function createUserRepository(
  models: Models,
  lock: KeyedLock = createKeyedLock(),
  onOutbox: (id: string, entries?: OutboxEntry[]) => void = () => undefined,
) {
  const coll = () => models.User.collection;
  const loginIds = new Map<string, string>();
  const locked = <T>(id: string, fn: () => Promise<T>) => lock.run(`${models.User.collection.collectionName}/${id}`, fn);

  /** A guarded single-document update; `true` when the guard matched and the document changed. */
  async function update(id: string, guard: Record<string, unknown>, set: Record<string, unknown>, events: Envelope[] = []) {
    const change = { $set: set };
    const res = await locked(id, () =>
      coll().updateOne({ _id: id as never, ...guard }, (events.length ? outboxOnUpdate(events, change) : change) as never),
    );
    if (res.modifiedCount === 1 && events.length) onOutbox(id);
    return res.modifiedCount === 1;
  }

  const repo = {
    /** Inserts the account with its events; `false` when it exists already (a redelivered activation). */
    async insert(user: User, events: Envelope[]): Promise<boolean> {
      const { id, ...rest } = user;
      const outbox = outboxOnInsert(events);
      try {
        await coll().insertOne({
          _id: id as never,
          ...rest,
          loginLower: user.login.toLowerCase(),
          emailLower: user.email.toLowerCase(),
          ...outbox,
        });
      } catch (e) {
        if (isDuplicateKey(e)) return false;
        throw e;
      }
      if (outbox.outbox.length) onOutbox(id, outbox.outbox);
      return true;
    },

    async findById(id: string): Promise<User | null> {
      const doc = await models.User.findById(id).lean();
      return doc ? toUser(doc) : null;
    },

    /**
     * By the lower-cased login (through the `logins` reservation, an `_id` lookup on both collections). The
     * login → id step is remembered for accounts that exist: a login never moves to another existing account
     * (only reservations of applications that never became accounts are released), and the user read checks
     * the login again, so a stale entry costs one extra read, never a wrong account.
     */
    async findByLogin(loginLower: string): Promise<User | null> {
      const known = loginIds.get(loginLower);
      if (known) {
        const user = await repo.findById(known);
        if (user && user.login.toLowerCase() === loginLower) return user;
        loginIds.delete(loginLower);
      }
      const reservation = await models.Login.findById(loginLower).lean();
      const user = reservation ? await repo.findById(reservation.userId) : null;
      if (user) {
        if (loginIds.size >= LOGIN_CACHE_SIZE) loginIds.delete(loginIds.keys().next().value as string);
        loginIds.set(loginLower, user.id);
      }
      return user;
    },

    /** By e-mail, only when exactly one account has it (an e-mail shared by two accounts identifies neither). */
    async findByEmail(emailLower: string): Promise<User | null> {
      const docs = await models.User.find({ emailLower }).limit(2).lean();
      return docs.length === 1 && docs[0] ? toUser(docs[0]) : null;
    },

    /**
     * Counts a failed login (`$inc`, serialised per account by the lock) and blocks the account when the count
     * reaches `threshold`; the block carries `registration.account.blocked.v1` in the same write.
     */
    async recordFailure(
      id: string,
      threshold: number,
      now: Date,
      blockedEvent: (failedAttempts: number) => Envelope,
    ): Promise<{ failedAttempts: number; blockedNow: boolean }> {
      const after = await locked(id, () =>
        coll().findOneAndUpdate({ _id: id as never }, { $inc: { failedAttempts: 1 } }, { returnDocument: 'after' }),
      );
      const failedAttempts = Number(after?.failedAttempts ?? 0);
      if (failedAttempts < threshold || after?.status !== USER_STATUS.active) return { failedAttempts, blockedNow: false };
      const blockedNow = await update(id, { status: USER_STATUS.active }, { status: USER_STATUS.blocked, blockedAt: now }, [
        blockedEvent(failedAttempts),
      ]);
      return { failedAttempts, blockedNow };
    },

    /** A successful password login: the failure count starts again (no write when it is zero already). */
    async resetFailures(user: User): Promise<void> {
      if (user.failedAttempts > 0) await update(user.id, {}, { failedAttempts: 0 });
    },

    /**
     * A login with the temporary password: it is spent, the account is unblocked and must set a new password
     * before anything else. Guarded by the hash, so two logins racing with it succeed once.
     */
    async spendTemporaryPassword(user: User, now: Date): Promise<boolean> {
      if (!user.temporaryPassword) return false;
      return update(
        user.id,
        { 'temporaryPassword.hash': user.temporaryPassword.hash, 'temporaryPassword.usedAt': null },
        {
          'temporaryPassword.usedAt': now,
          status: user.status === USER_STATUS.blocked ? USER_STATUS.active : user.status,
          failedAttempts: 0,
          blockedAt: null,
          mustChangePassword: true,
        },
      );
    },

    async setTemporaryPassword(id: string, temporary: TemporaryPassword, events: Envelope[]): Promise<boolean> {
      return update(id, {}, { temporaryPassword: { ...temporary, usedAt: null } }, events);
    },

    /** New password: the temporary one is gone, and every session authenticated before `now` is void. */
    async changePassword(id: string, passwordHash: string, now: Date): Promise<boolean> {
      return update(
        id,
        {},
        { passwordHash, temporaryPassword: null, mustChangePassword: false, sessionsValidAfter: now, failedAttempts: 0 },
      );
    },

    async revokeSessions(id: string, now: Date): Promise<boolean> {
      return update(id, {}, { sessionsValidAfter: now });
    },

    async unblock(id: string): Promise<boolean> {
      return update(id, { status: USER_STATUS.blocked }, { status: USER_STATUS.active, failedAttempts: 0, blockedAt: null });
    },

    async setStatus(id: string, from: string, to: string): Promise<boolean> {
      return update(id, { status: from }, { status: to });
    },

    async updateProfile(id: string, profile: Pick<User, 'firstName' | 'lastName' | 'phone' | 'position'>): Promise<boolean> {
      return update(id, {}, profile);
    },

    async setGrants(id: string, grants: UnitGrant[], events: Envelope[]): Promise<boolean> {
      return update(id, {}, { grants }, events);
    },

    async requestEmailChange(id: string, pending: { email: string; tokenHash: string; expiresAt: Date }, events: Envelope[]) {
      return update(id, {}, { pendingEmail: pending }, events);
    },

    /** Applies the pending address if the token (by its hash) is still the pending one; once. */
    async confirmEmailChange(id: string, tokenHash: string, email: string): Promise<boolean> {
      return update(id, { 'pendingEmail.tokenHash': tokenHash }, { email, emailLower: email.toLowerCase(), pendingEmail: null });
    },

    async setTotp(id: string, totp: TotpState | null): Promise<boolean> {
      return update(id, {}, { totp });
    },

    /** Accepts a TOTP step once: only if it is later than the last accepted one. */
    async acceptTotpStep(id: string, step: number): Promise<boolean> {
      return update(id, { 'totp.lastStep': { $lt: step } }, { 'totp.lastStep': step });
    },

    /** Spends a recovery code (by its hash) once. */
    async spendRecoveryCode(user: User, codeHash: string): Promise<boolean> {
      if (!user.totp?.recoveryCodes.includes(codeHash)) return false;
      const remaining = user.totp.recoveryCodes.filter((c) => c !== codeHash);
      return update(user.id, { 'totp.recoveryCodes': codeHash }, { 'totp.recoveryCodes': remaining });
    },

    async listByRole(role: string, voivodeship?: string | null): Promise<User[]> {
      const docs = await models.User.find(voivodeship ? { role, voivodeship } : { role })
        .limit(500)
        .lean();
      return docs.map(toUser);
    },
  };
  return repo;
}
export type UserRepository = ReturnType<typeof createUserRepository>;
