import { createEvent, RegistrationEvents, type Envelope } from '@cas/contracts';
import { USER_STATUS, type User } from './account.js';

export interface LoginPorts {
  /** By login (case-insensitive) or, when the identifier holds an `@`, by e-mail. */
  findUser(identifier: string): Promise<User | null>;
  verify(hash: string, password: string): Promise<boolean>;
  recordFailure(
    user: User,
    threshold: number,
    now: Date,
    blockedEvent: (failedAttempts: number) => Envelope,
  ): Promise<{ failedAttempts: number; blockedNow: boolean }>;
  resetFailures(user: User): Promise<void>;
  spendTemporaryPassword(user: User, now: Date): Promise<boolean>;
  now(): Date;
}

export interface LoginSettings {
  maxFailedAttempts: number;
  /** An argon2id hash of a random string: unknown accounts cost one verification too (same timing). */
  dummyHash: string;
}

export type LoginOutcome =
  | { ok: true; user: User; usedTemporaryPassword: boolean }
  | { ok: false; user: User | null; reason: 'unknown' | 'inactive' | 'wrong-password' | 'blocked'; blockedNow: boolean };

const MAX_SECRET = 256;

/**
 * Password login (DESIGN §4). Only active accounts get in with their password; a blocked account gets in only
 * with an unused, unexpired temporary password, which unblocks it and forces a new password. Every failure on
 * a known account counts; at `maxFailedAttempts` the account is blocked with `registration.account.blocked.v1`.
 * The caller answers every failure the same way.
 */
export async function loginUseCase(
  ports: LoginPorts,
  settings: LoginSettings,
  input: { identifier: string; password: string; correlationId: string },
): Promise<LoginOutcome> {
  const password = input.password.slice(0, MAX_SECRET);
  const user = await ports.findUser(input.identifier.trim().slice(0, 320));
  if (!user || (user.status !== USER_STATUS.active && user.status !== USER_STATUS.blocked)) {
    await ports.verify(settings.dummyHash, password);
    return { ok: false, user, reason: user ? 'inactive' : 'unknown', blockedNow: false };
  }
  const now = ports.now();
  const passwordOk = await ports.verify(user.passwordHash, password);
  if (passwordOk && user.status === USER_STATUS.active) {
    await ports.resetFailures(user);
    return { ok: true, user, usedTemporaryPassword: false };
  }
  const temp = user.temporaryPassword;
  if (!passwordOk && temp && !temp.usedAt && new Date(temp.expiresAt) > now && (await ports.verify(temp.hash, password))) {
    if (await ports.spendTemporaryPassword(user, now)) return { ok: true, user, usedTemporaryPassword: true };
  }
  const blockedEvent = (failedAttempts: number) =>
    createEvent(
      RegistrationEvents.accountBlocked,
      { userId: user.id, login: user.login, email: user.email, failedAttempts, blockedAt: now.toISOString() },
      { source: 'registration', correlationId: input.correlationId },
    );
  const { blockedNow } = await ports.recordFailure(user, settings.maxFailedAttempts, now, blockedEvent);
  return { ok: false, user, reason: user.status === USER_STATUS.blocked ? 'blocked' : 'wrong-password', blockedNow };
}
