import { AppError } from '@cas/errors';
import type { User } from './account.js';
import { passwordProblem } from './password-policy.js';

export interface PasswordChangePorts {
  verify(hash: string, password: string): Promise<boolean>;
  hash(password: string): Promise<string>;
  changePassword(userId: string, passwordHash: string, now: Date): Promise<boolean>;
  now(): Date;
}

const fieldError = (field: string, message: string, status = 422) =>
  new AppError('ACCOUNT.PASSWORD_CHANGE', 'Nie udało się zmienić hasła.', { status, errors: [{ field, message }] });

/**
 * Sets a new password. The current one proves it is the owner: the account's password, or during the forced
 * change after a reminder the temporary password (spent for logins, still valid for this until it expires).
 * Afterwards every session authenticated before now is void; the caller starts a fresh one.
 */
export async function changePasswordUseCase(
  ports: PasswordChangePorts,
  user: User,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const now = ports.now();
  const temp = user.temporaryPassword;
  const currentOk =
    (await ports.verify(user.passwordHash, input.currentPassword.slice(0, 256))) ||
    (!!temp && new Date(temp.expiresAt) > now && (await ports.verify(temp.hash, input.currentPassword.slice(0, 256))));
  if (!currentOk) throw fieldError('currentPassword', 'Obecne hasło jest nieprawidłowe.');
  const problem = passwordProblem(input.newPassword, user.login, user.email);
  if (problem) throw fieldError('newPassword', problem, 400);
  if (await ports.verify(user.passwordHash, input.newPassword))
    throw fieldError('newPassword', 'Nowe hasło musi się różnić od obecnego.', 400);
  await ports.changePassword(user.id, await ports.hash(input.newPassword), now);
}
