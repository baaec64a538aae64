import { generateRecoveryCodes, generateTotpSecret, hashRecoveryCode, openSecret, otpauthUri, sealSecret, verifyTotp } from '@cas/auth';
import { AppError } from '@cas/errors';
import type { User } from '../domain/account.js';
import type { AuditRepository } from '../store/audit.repository.js';
import type { RateLimiter } from '../store/session.store.js';
import type { UserRepository } from '../store/user.repository.js';

export const SecondFactorErrors = {
  wrongCode: () =>
    new AppError('AUTH.SECOND_FACTOR_FAILED', 'Nieprawidłowy kod. Wpisz aktualny kod z aplikacji albo nieużyty kod zapasowy.', {
      status: 401,
      errors: [{ field: 'code', message: 'Nieprawidłowy kod.' }],
    }),
  notEnrolled: () => new AppError('AUTH.SECOND_FACTOR_NOT_ENROLLED', 'Najpierw skonfiguruj aplikację uwierzytelniającą.', { status: 409 }),
  alreadyEnrolled: () => new AppError('AUTH.SECOND_FACTOR_ENROLLED', 'Weryfikacja dwuetapowa jest już skonfigurowana.', { status: 409 }),
  tooManyAttempts: (retryAfter: number) =>
    new AppError('AUTH.SECOND_FACTOR_LIMIT', `Zbyt wiele nieudanych prób. Spróbuj ponownie za ${Math.ceil(retryAfter / 60)} min.`, {
      status: 429,
      headers: { 'Retry-After': String(retryAfter) },
      errors: [{ field: 'code', message: 'Zbyt wiele nieudanych prób.' }],
    }),
} as const;

/**
 * TOTP for admins (DESIGN §4, ASVS L2). The secret is sealed at rest (AES-256-GCM) with the same secret as the
 * signing keys. Enrolment: a pending secret, confirmed by one
 * valid code, then ten recovery codes shown once (only their hashes are kept). Each code works once.
 */
export interface SecondFactorDeps {
  users: UserRepository;
  audit: AuditRepository;
  rateLimiter: RateLimiter;
  sealingSecret: string;
  /** Wrong codes per account per 15 minutes before further attempts are refused (a 6-digit code is guessable). */
  maxFailures?: number;
}

export function createSecondFactor(deps: SecondFactorDeps) {
  const { users, sealingSecret } = deps;
  const maxFailures = deps.maxFailures ?? 10;
  const record = (user: User, ip: string, action: 'totp-enrolled' | 'second-factor', outcome: 'success' | 'failure', method?: string) =>
    deps.audit.record({
      action,
      outcome,
      actor: { userId: user.id, login: user.login, role: user.role },
      subject: { userId: user.id, login: user.login },
      ip,
      voivodeship: user.voivodeship,
      ...(method ? { details: { method } } : {}),
    });
  /** Counts a wrong code; refuses once the account is over the limit (checked before any code is tested). */
  const guard = async (user: User, attempt: () => Promise<string>, ip: string, action: 'totp-enrolled' | 'second-factor') => {
    const key = `2fa-fail:${user.id}`;
    const state = await deps.rateLimiter.peek('second-factor', key);
    if (state.count >= maxFailures) throw SecondFactorErrors.tooManyAttempts(state.retryAfter);
    try {
      const method = await attempt();
      await record(user, ip, action, 'success', method);
      return method;
    } catch (e) {
      await deps.rateLimiter.hit('second-factor', key, maxFailures, 900);
      await record(user, ip, action, 'failure');
      throw e;
    }
  };
  const seal = (secret: string) => sealSecret(secret, sealingSecret);
  const open = (sealed: string) => openSecret(sealed, sealingSecret);

  return {
    isEnrolled: (user: User) => !!user.totp?.enrolledAt,

    /**
     * The pending secret and what the authenticator app needs; an unconfirmed secret is kept, so reloading the
     * page or mistyping a code does not invalidate what the admin has scanned already.
     */
    async beginEnrolment(user: User): Promise<{ secret: string; uri: string }> {
      if (user.totp?.enrolledAt) throw SecondFactorErrors.alreadyEnrolled();
      if (user.totp) {
        const pending = open(user.totp.sealedSecret);
        return { secret: pending, uri: otpauthUri({ secret: pending, account: user.login }) };
      }
      const secret = generateTotpSecret();
      await users.setTotp(user.id, { sealedSecret: seal(secret), enrolledAt: null, lastStep: 0, recoveryCodes: [] });
      return { secret, uri: otpauthUri({ secret, account: user.login }) };
    },

    /** Confirms the pending secret with a code; returns the recovery codes (shown once). */
    async confirmEnrolment(user: User, code: string, now: Date, ip: string): Promise<string[]> {
      const totp = user.totp;
      if (!totp || totp.enrolledAt) throw SecondFactorErrors.notEnrolled();
      let codes: string[] = [];
      await guard(
        user,
        async () => {
          const check = verifyTotp(open(totp.sealedSecret), code, now.getTime(), { window: 1 });
          if (!check.ok) throw SecondFactorErrors.wrongCode();
          codes = generateRecoveryCodes(10);
          await users.setTotp(user.id, {
            sealedSecret: totp.sealedSecret,
            enrolledAt: now,
            lastStep: check.step,
            recoveryCodes: codes.map(hashRecoveryCode),
          });
          return 'totp';
        },
        ip,
        'totp-enrolled',
      );
      return codes;
    },

    /** A TOTP code (each time step once) or an unused recovery code. */
    async verify(user: User, code: string, now: Date, ip: string): Promise<string> {
      const totp = user.totp;
      if (!totp?.enrolledAt) throw SecondFactorErrors.notEnrolled();
      return guard(
        user,
        async () => {
          const check = verifyTotp(open(totp.sealedSecret), code, now.getTime(), { window: 1, lastAcceptedStep: totp.lastStep });
          if (check.ok && (await users.acceptTotpStep(user.id, check.step))) return 'totp';
          if (!check.ok && /[a-z]/i.test(code) && (await users.spendRecoveryCode(user, hashRecoveryCode(code)))) return 'recovery-code';
          throw SecondFactorErrors.wrongCode();
        },
        ip,
        'second-factor',
      );
    },
  };
}
export type SecondFactor = ReturnType<typeof createSecondFactor>;
