import { randomInt } from 'node:crypto';
import { createEvent, RegistrationEvents, type Envelope } from '@cas/contracts';
import { USER_STATUS, type TemporaryPassword, type User } from './account.js';

export interface PasswordReminderPorts {
  findUser(identifier: string): Promise<User | null>;
  /** Per-account limit (several reminders an hour at most): false = as many were issued in the window already. */
  accountWithinLimit(userId: string): Promise<boolean>;
  /**
   * Counts an issued reminder against that limit. Only issued ones count: an attempt cut short by a crash (its
   * job runs again) or a request the client repeated while the service was down must not use up the limit, or the
   * user who asked once would get nothing.
   */
  countIssued(userId: string): Promise<void>;
  hash(password: string): Promise<string>;
  /** Compact JWE for the notification service's public key. */
  encryptForNotification(plaintext: string): Promise<string>;
  setTemporaryPassword(userId: string, temporary: TemporaryPassword, events: Envelope[]): Promise<boolean>;
  now(): Date;
}

/** No look-alikes (0/O, 1/l/I): the password is read from an e-mail and typed. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
export const TEMPORARY_PASSWORD_LENGTH = 20;
export const TEMPORARY_PASSWORD_VALID_MS = 60 * 60_000;

/** 20 characters from a 56-letter alphabet by the CSPRNG (~116 bits). */
export function generateTemporaryPassword(): string {
  let out = '';
  for (let i = 0; i < TEMPORARY_PASSWORD_LENGTH; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

export type ReminderOutcome = 'issued' | 'no-account' | 'rate-limited';

/**
 * "Przypomnij hasło" (DESIGN §4), run as a background job so the HTTP answer is the same, in content and
 * timing, whether the account exists or not. Issues a one-time temporary password valid for 60 minutes: only
 * its hash is stored; the plaintext leaves this function only encrypted for the notification service, inside
 * `registration.account.password-reminder-issued.v1`. The account's own password keeps working until the
 * temporary one is used, so nobody can lock anybody out by requesting reminders.
 */
export async function passwordReminderUseCase(
  ports: PasswordReminderPorts,
  input: { identifier: string; correlationId: string },
): Promise<{ outcome: ReminderOutcome; user: User | null }> {
  const user = await ports.findUser(input.identifier.trim().slice(0, 320));
  // Without an account the job still hashes and encrypts: the CPU it takes after the answer would otherwise
  // tell a request that follows it whether the previous identifier existed.
  const decoy = async () => {
    const unused = generateTemporaryPassword();
    await Promise.all([ports.hash(unused), ports.encryptForNotification(unused)]);
  };
  if (!user || (user.status !== USER_STATUS.active && user.status !== USER_STATUS.blocked)) {
    await decoy();
    return { outcome: 'no-account', user };
  }
  if (!(await ports.accountWithinLimit(user.id))) {
    await decoy();
    return { outcome: 'rate-limited', user };
  }
  const now = ports.now();
  const temporary = generateTemporaryPassword();
  const expiresAt = new Date(now.getTime() + TEMPORARY_PASSWORD_VALID_MS);
  const [hash, jwe] = await Promise.all([ports.hash(temporary), ports.encryptForNotification(temporary)]);
  const event = createEvent(
    RegistrationEvents.passwordReminderIssued,
    {
      userId: user.id,
      email: user.email,
      name: { firstName: user.firstName, lastName: user.lastName },
      encryptedTemporaryPassword: jwe,
      expiresAt: expiresAt.toISOString(),
    },
    { source: 'registration', correlationId: input.correlationId },
  );
  await ports.setTemporaryPassword(user.id, { hash, issuedAt: now, expiresAt }, [event]);
  await ports.countIssued(user.id);
  return { outcome: 'issued', user };
}
