import { generateRecoveryCodes, generateTotpSecret, hashRecoveryCode, openSecret, otpauthUri, sealSecret, verifyTotp } from '@cas/auth';
import { AppError } from '@cas/errors';
import type { User } from '../domain/account.js';
import type { UserRepository } from '../store/user.repository.js';

export const SecondFactorErrors = {
  wrongCode: () =>
    new AppError('AUTH.SECOND_FACTOR_FAILED', 'Nieprawidłowy kod. Wpisz aktualny kod z aplikacji albo nieużyty kod zapasowy.', {
      status: 401,
      errors: [{ field: 'code', message: 'Nieprawidłowy kod.' }],
    }),
  notEnrolled: () => new AppError('AUTH.SECOND_FACTOR_NOT_ENROLLED', 'Najpierw skonfiguruj aplikację uwierzytelniającą.', { status: 409 }),
  alreadyEnrolled: () => new AppError('AUTH.SECOND_FACTOR_ENROLLED', 'Weryfikacja dwuetapowa jest już skonfigurowana.', { status: 409 }),
} as const;

/**
 * TOTP for admins (DESIGN §4, ASVS L2). The secret is sealed at rest (AES-256-GCM) with the same secret as the
 * signing keys. Enrolment: a pending secret, confirmed by one
 * valid code, then ten recovery codes shown once (only their hashes are kept). Each code works once.
 */
export function createSecondFactor(users: UserRepository, sealingSecret: string) {
  const seal = (secret: string) => sealSecret(secret, sealingSecret);
  const open = (sealed: string) => openSecret(sealed, sealingSecret);

  return {
    isEnrolled: (user: User) => !!user.totp?.enrolledAt,

    /** A new pending secret (replacing an unconfirmed one) and what the authenticator app needs. */
    async beginEnrolment(user: User): Promise<{ secret: string; uri: string }> {
      if (user.totp?.enrolledAt) throw SecondFactorErrors.alreadyEnrolled();
      const secret = generateTotpSecret();
      await users.setTotp(user.id, { sealedSecret: seal(secret), enrolledAt: null, lastStep: 0, recoveryCodes: [] });
      return { secret, uri: otpauthUri({ secret, account: user.login }) };
    },

    /** Confirms the pending secret with a code; returns the recovery codes (shown once). */
    async confirmEnrolment(user: User, code: string, now: Date): Promise<string[]> {
      if (!user.totp || user.totp.enrolledAt) throw SecondFactorErrors.notEnrolled();
      const check = verifyTotp(open(user.totp.sealedSecret), code, now.getTime(), { window: 1 });
      if (!check.ok) throw SecondFactorErrors.wrongCode();
      const codes = generateRecoveryCodes(10);
      await users.setTotp(user.id, {
        sealedSecret: user.totp.sealedSecret,
        enrolledAt: now,
        lastStep: check.step,
        recoveryCodes: codes.map(hashRecoveryCode),
      });
      return codes;
    },

    /** A TOTP code (each time step once) or an unused recovery code. */
    async verify(user: User, code: string, now: Date): Promise<'totp' | 'recovery-code'> {
      if (!user.totp?.enrolledAt) throw SecondFactorErrors.notEnrolled();
      const check = verifyTotp(open(user.totp.sealedSecret), code, now.getTime(), { window: 1, lastAcceptedStep: user.totp.lastStep });
      if (check.ok && (await users.acceptTotpStep(user.id, check.step))) return 'totp';
      if (!check.ok && /[a-z]/i.test(code) && (await users.spendRecoveryCode(user, hashRecoveryCode(code)))) return 'recovery-code';
      throw SecondFactorErrors.wrongCode();
    },
  };
}
export type SecondFactor = ReturnType<typeof createSecondFactor>;
