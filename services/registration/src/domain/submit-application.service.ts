import { createHash } from 'node:crypto';
import { AppError } from '@cas/errors';
import type { Envelope } from '@cas/contracts';
import { canonicalJson } from './verification-code.js';
import { isNewUnit, type ApplicationInput } from './application-input.js';
import { formatApplicationNumber, submitApplication, voivodeshipOf, type Application, type UnitSnapshot } from './application.js';

/** What the use case needs from the outside world; store/ and main.ts provide it. */
export interface SubmitApplicationPorts {
  findUnit(id: string): Promise<UnitSnapshot | null>;
  nextNumber(voivodeship: string, year: number): Promise<number>;
  hashPassword(password: string): Promise<string>;
  insert(
    app: Application,
    meta: { idempotencyKey: string; requestHash: string },
    events: Envelope[],
  ): Promise<'created' | 'duplicate' | 'number-taken'>;
  findByIdempotencyKey(key: string): Promise<(Application & { requestHash: string }) | null>;
  eventsWritten(): void;
  now(): Date;
}

export interface SubmitApplicationSettings {
  expiryDays: number;
  codeKey: string;
}

export const RegistrationErrors = {
  unknownUnit: () =>
    new AppError('REGISTRATION.UNKNOWN_UNIT', 'Nie znaleziono wskazanej jednostki.', {
      status: 422,
      errors: [{ field: 'unit.existingUnitId', message: 'Nie znaleziono jednostki. Wyszukaj ją ponownie.' }],
    }),
  numberingBusy: () =>
    new AppError('REGISTRATION.NUMBERING_BUSY', 'Nie udało się nadać numeru wniosku. Spróbuj ponownie za chwilę.', { status: 503 }),
} as const;

/** A hash of the request (password excluded) to tell a replay from a different request with the same key. */
export function requestHash(input: ApplicationInput): string {
  const { password: _p, ...user } = input.user;
  return createHash('sha256')
    .update(canonicalJson({ ...input, user }))
    .digest('hex');
}

/**
 * Registers an application: validates references, numbers it, hashes the password, and stores it with its
 * `registration.application.submitted.v1` event in one write. A repeated Idempotency-Key returns the first
 * application; the same key with a different body is a 422.
 */
export async function submitApplicationUseCase(
  ports: SubmitApplicationPorts,
  settings: SubmitApplicationSettings,
  input: ApplicationInput,
  ctx: { idempotencyKey?: string; correlationId: string },
): Promise<{ application: Application; replayed: boolean }> {
  const hash = requestHash(input);
  if (ctx.idempotencyKey) {
    const earlier = await ports.findByIdempotencyKey(ctx.idempotencyKey);
    if (earlier) return { application: assertSameRequest(earlier, hash), replayed: true };
  }
  let existingUnit: UnitSnapshot | undefined;
  if (!isNewUnit(input.unit)) {
    existingUnit = (await ports.findUnit(input.unit.existingUnitId)) ?? undefined;
    if (!existingUnit) throw RegistrationErrors.unknownUnit();
  }
  const now = ports.now();
  const teryt = isNewUnit(input.unit) ? input.unit.teryt : (existingUnit as UnitSnapshot).teryt;
  const voivodeship = voivodeshipOf(teryt);
  const year = now.getUTCFullYear();
  const passwordHash = await ports.hashPassword(input.user.password);
  // The unique index on `number` is the guarantee; the counter only proposes. On MongoDB `$inc` is atomic and
  // this loop runs once; FerretDB 1.x updates are read-then-write, so concurrent requests can be handed the
  // same number and the loser asks again (docs/adr/0004).
  for (let attempt = 1; ; attempt++) {
    const number = formatApplicationNumber(voivodeship, year, await ports.nextNumber(voivodeship, year));
    const { application, event } = submitApplication({
      input,
      ...(existingUnit ? { existingUnit } : {}),
      number,
      passwordHash,
      now,
      expiryDays: settings.expiryDays,
      codeKey: settings.codeKey,
      correlationId: ctx.correlationId,
    });
    const idempotencyKey = ctx.idempotencyKey ?? application.id;
    const outcome = await ports.insert(application, { idempotencyKey, requestHash: hash }, [event]);
    if (outcome === 'number-taken') {
      if (attempt < MAX_NUMBER_ATTEMPTS) continue;
      throw RegistrationErrors.numberingBusy();
    }
    if (outcome === 'duplicate') {
      const earlier = await ports.findByIdempotencyKey(idempotencyKey);
      if (earlier) return { application: assertSameRequest(earlier, hash), replayed: true };
    }
    ports.eventsWritten();
    return { application, replayed: false };
  }
}

const MAX_NUMBER_ATTEMPTS = 50;

function assertSameRequest(earlier: Application & { requestHash: string }, hash: string): Application {
  if (earlier.requestHash !== hash)
    throw new AppError('COMMON.IDEMPOTENCY_CONFLICT', 'Ten klucz Idempotency-Key został już użyty z inną treścią żądania.', {
      status: 422,
    });
  return earlier;
}
