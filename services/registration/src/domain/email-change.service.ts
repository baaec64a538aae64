import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createEvent, RegistrationEvents, type Envelope } from '@cas/contracts';
import { AppError } from '@cas/errors';
import type { User } from './account.js';

export interface EmailChangePorts {
  verify(hash: string, password: string): Promise<boolean>;
  requestEmailChange(userId: string, pending: { email: string; tokenHash: string; expiresAt: Date }, events: Envelope[]): Promise<boolean>;
  confirmEmailChange(userId: string, tokenHash: string, email: string): Promise<boolean>;
  now(): Date;
}

export const EMAIL_CHANGE_VALID_MS = 24 * 3_600_000;
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

const fieldError = (field: string, message: string, status = 422) =>
  new AppError('ACCOUNT.EMAIL_CHANGE', 'Nie udało się zmienić adresu e-mail.', { status, errors: [{ field, message }] });

export const EmailChangeErrors = {
  badLink: () =>
    new AppError('ACCOUNT.EMAIL_CHANGE_LINK', 'Link potwierdzający jest nieprawidłowy, wygasł albo został już użyty.', { status: 410 }),
} as const;

/**
 * "Parametry użytkownika" → new e-mail address (DESIGN §4: an e-mail change needs confirmation). The owner's
 * password authorises the request; the new address proves itself with a one-time link (24 h) sent to it in
 * `registration.account.email-change-requested.v1`. Only the link token's hash is stored; the old address stays
 * until the link is used.
 */
export async function requestEmailChangeUseCase(
  ports: EmailChangePorts,
  user: User,
  input: { newEmail: string; currentPassword: string },
  ctx: { publicBaseUrl: string; correlationId: string },
): Promise<void> {
  if (!(await ports.verify(user.passwordHash, input.currentPassword.slice(0, 256))))
    throw fieldError('currentPassword', 'Obecne hasło jest nieprawidłowe.');
  if (input.newEmail.toLowerCase() === user.email.toLowerCase()) throw fieldError('newEmail', 'To jest obecny adres konta.', 400);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(ports.now().getTime() + EMAIL_CHANGE_VALID_MS);
  const confirmUrl = `${ctx.publicBaseUrl}/parametry-uzytkownika/email/potwierdz?u=${encodeURIComponent(user.id)}&t=${token}`;
  const event = createEvent(
    RegistrationEvents.emailChangeRequested,
    {
      userId: user.id,
      login: user.login,
      name: { firstName: user.firstName, lastName: user.lastName },
      newEmail: input.newEmail,
      confirmUrl,
      expiresAt: expiresAt.toISOString(),
    },
    { source: 'registration', correlationId: ctx.correlationId },
  );
  await ports.requestEmailChange(user.id, { email: input.newEmail, tokenHash: tokenHash(token), expiresAt }, [event]);
}

/** The link's token for that user's pending change, unexpired, used once. Returns the new address. */
export async function confirmEmailChangeUseCase(ports: EmailChangePorts, user: User | null, token: string): Promise<string> {
  const pending = user?.pendingEmail;
  if (!user || !pending || new Date(pending.expiresAt) <= ports.now()) throw EmailChangeErrors.badLink();
  const given = Buffer.from(tokenHash(token));
  const stored = Buffer.from(pending.tokenHash);
  if (given.length !== stored.length || !timingSafeEqual(given, stored)) throw EmailChangeErrors.badLink();
  if (!(await ports.confirmEmailChange(user.id, pending.tokenHash, pending.email))) throw EmailChangeErrors.badLink();
  return pending.email;
}
