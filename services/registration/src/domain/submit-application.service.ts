import { createHash } from 'node:crypto';
import { AppError } from '@cas/errors';
import { uuidv7, type Envelope } from '@cas/contracts';
import { canonicalJson } from './verification-code.js';
import { isNewUnit, type ApplicationInput } from './application-input.js';
import { formatApplicationNumber, submitApplication, voivodeshipOf, type Application, type UnitSnapshot } from './application.js';

/** What the use case needs from the outside world; store/ and main.ts provide it. */
export interface SubmitApplicationPorts {
  findActiveUnit(id: string): Promise<UnitSnapshot | null>;
  nextNumber(voivodeship: string, year: number): Promise<number>;
  hashPassword(password: string): Promise<string>;
  /** Unique-insert reservation of the login (case-insensitive) across CAS. */
  reserveLogin(
    loginLower: string,
    owner: ReservationOwner,
  ): Promise<'reserved' | { takenBy: string | null; owner: Partial<ReservationOwner> }>;
  releaseLogin(loginLower: string, applicationId: string): Promise<void>;
  /** Unique-insert of a pending unit; `regon-taken` when an active or pending unit has that REGON. */
  createPendingUnit(unit: UnitSnapshot, applicationId: string): Promise<'created' | 'regon-taken'>;
  removePendingUnit(unitId: string, applicationId: string): Promise<void>;
  insert(
    app: Application,
    meta: { idempotencyKey: string; requestHash: string },
    events: Envelope[],
  ): Promise<'created' | 'duplicate' | 'number-taken'>;
  findByIdempotencyKey(key: string): Promise<(Application & { requestHash: string }) | null>;
  now(): Date;
}

/** Who holds a login reservation: the application being registered, under the client's Idempotency-Key. */
export interface ReservationOwner {
  userId: string;
  applicationId: string;
  unitId: string;
  idempotencyKey: string;
}

export interface SubmitApplicationSettings {
  expiryDays: number;
  codeKey: string;
}

export const RegistrationErrors = {
  unknownUnit: () =>
    new AppError('REGISTRATION.UNKNOWN_UNIT', 'Nie znaleziono wskazanej jednostki.', {
      status: 422,
      errors: [{ field: 'unit.existingUnitId', message: 'Nie znaleziono aktywnej jednostki. Wyszukaj ją ponownie.' }],
    }),
  loginTaken: () =>
    new AppError('REGISTRATION.LOGIN_TAKEN', 'Wybrany login jest już zajęty.', {
      status: 422,
      errors: [{ field: 'user.login', message: 'Ten login jest już zajęty w CAS. Wybierz inny.' }],
    }),
  regonTaken: () =>
    new AppError('REGISTRATION.REGON_TAKEN', 'Jednostka o tym numerze REGON jest już zarejestrowana lub czeka na rejestrację.', {
      status: 422,
      errors: [
        {
          field: 'unit.regon',
          message: 'Jednostka o tym numerze REGON jest już w CAS. Wybierz „Dołącz do istniejącej jednostki” i wyszukaj ją.',
        },
      ],
    }),
  inProgress: () =>
    new AppError('REGISTRATION.IN_PROGRESS', 'Ten wniosek jest właśnie zapisywany. Sprawdź status za chwilę.', { status: 409 }),
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

const MAX_NUMBER_ATTEMPTS = 50;

/**
 * Registers an application: validates references, reserves the login (and the new unit's REGON) with unique
 * inserts, numbers it, hashes the password, and stores it with its `registration.application.submitted.v1`
 * event in one write. A failure after a reservation releases it. A repeated Idempotency-Key returns the first
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
    existingUnit = (await ports.findActiveUnit(input.unit.existingUnitId)) ?? undefined;
    if (!existingUnit) throw RegistrationErrors.unknownUnit();
  }
  const now = ports.now();
  const year = now.getUTCFullYear();
  const passwordHash = await ports.hashPassword(input.user.password);
  const ids = { applicationId: uuidv7(), userId: uuidv7(), unitId: existingUnit?.id ?? uuidv7() };
  const idempotencyKey = ctx.idempotencyKey ?? ids.applicationId;
  const teryt = existingUnit?.teryt ?? (isNewUnit(input.unit) ? input.unit.teryt : '');
  const voivodeship = voivodeshipOf(teryt);
  const loginLower = input.user.login.toLowerCase();
  const undo: (() => Promise<void>)[] = [];
  try {
    const reservation = await ports.reserveLogin(loginLower, { ...ids, idempotencyKey });
    if (reservation !== 'reserved') {
      if (!ctx.idempotencyKey || reservation.takenBy !== ctx.idempotencyKey) throw RegistrationErrors.loginTaken();
      // The same request again: a double-click (the first one finishes: answer with its application) or a retry
      // after the first one died half-way (a crash between the reservation and the application). Then this
      // request carries on under the first one's ids: the unit it may have created is the same unit, and the
      // unique application id and Idempotency-Key let only one application through if both are in fact alive.
      const earlier = await waitForEarlier(ports, ctx.idempotencyKey);
      if (earlier) return { application: assertSameRequest(earlier, hash), replayed: true };
      const { userId, applicationId, unitId } = reservation.owner;
      if (!userId || !applicationId) throw RegistrationErrors.inProgress();
      ids.userId = userId;
      ids.applicationId = applicationId;
      if (unitId && !existingUnit) ids.unitId = unitId;
    }
    undo.push(() => ports.releaseLogin(loginLower, ids.applicationId));
    // The unique index on `number` is the guarantee; the counter only proposes. On MongoDB `$inc` is atomic and
    // this loop runs once; FerretDB 1.x updates are read-then-write, so concurrent requests can be handed the
    // same number and the loser asks again (docs/adr/0004).
    for (let attempt = 1; ; attempt++) {
      const number = formatApplicationNumber(voivodeship, year, await ports.nextNumber(voivodeship, year));
      const { application, event } = submitApplication({
        input,
        ids,
        ...(existingUnit ? { existingUnit } : {}),
        number,
        passwordHash,
        now,
        expiryDays: settings.expiryDays,
        codeKey: settings.codeKey,
        correlationId: ctx.correlationId,
      });
      if (attempt === 1 && application.unit.isNew) {
        if ((await ports.createPendingUnit(application.unit, ids.applicationId)) === 'regon-taken') throw RegistrationErrors.regonTaken();
        undo.push(() => ports.removePendingUnit(ids.unitId, ids.applicationId));
      }
      const outcome = await ports.insert(application, { idempotencyKey, requestHash: hash }, [event]);
      if (outcome === 'number-taken') {
        if (attempt < MAX_NUMBER_ATTEMPTS) continue;
        throw RegistrationErrors.numberingBusy();
      }
      if (outcome === 'duplicate') {
        const earlier = await ports.findByIdempotencyKey(idempotencyKey);
        if (earlier) {
          await Promise.allSettled(undo.map((u) => u()));
          return { application: assertSameRequest(earlier, hash), replayed: true };
        }
      }
      return { application, replayed: false };
    }
  } catch (e) {
    await Promise.allSettled(undo.map((u) => u()));
    throw e;
  }
}

async function waitForEarlier(ports: SubmitApplicationPorts, key: string): Promise<(Application & { requestHash: string }) | null> {
  for (let i = 0; i < 50; i++) {
    const earlier = await ports.findByIdempotencyKey(key);
    if (earlier) return earlier;
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

function assertSameRequest(earlier: Application & { requestHash: string }, hash: string): Application {
  if (earlier.requestHash !== hash)
    throw new AppError('COMMON.IDEMPOTENCY_CONFLICT', 'Ten klucz Idempotency-Key został już użyty z inną treścią żądania.', {
      status: 422,
    });
  return earlier;
}
