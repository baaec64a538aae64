import { createEvent, RegistrationEvents, uuidv7, type Envelope, type Grant } from '@cas/contracts';
import { AppError } from '@cas/errors';
import type { User } from './account.js';
import type { PermissionRequestInput } from './account-input.js';

export const REQUEST_STATUS = { pending: 'pending', approved: 'approved', rejected: 'rejected' } as const;
export type RequestStatus = (typeof REQUEST_STATUS)[keyof typeof REQUEST_STATUS];

export interface TargetUnit {
  id: string;
  name: string;
  regon: string;
  teryt: string;
}

export interface PermissionRequest {
  id: string;
  userId: string;
  user: { id: string; login: string; email: string; firstName: string; lastName: string };
  targetUnit: TargetUnit;
  voivodeship: string;
  subAreas: Grant[];
  justification: string;
  status: RequestStatus;
  submittedAt: Date;
  decidedAt: Date | null;
  decisionReason: string | null;
}

export interface PermissionRequestPorts {
  findUnit(id: string): Promise<TargetUnit | null>;
  insert(request: PermissionRequest, events: Envelope[]): Promise<'created' | 'duplicate'>;
  now(): Date;
}

const refusal = (field: string, message: string) =>
  new AppError('ACCOUNT.PERMISSION_REQUEST', 'Nie można złożyć wniosku o rozszerzenie uprawnień.', {
    status: 422,
    errors: [{ field, message }],
  });

/**
 * "Wnioskuj o rozszerzenie uprawnień" (DESIGN §4): more sub-areas of the own unit, or sub-areas of another
 * active unit, with a justification. Goes to the review queue of the target unit's voivodeship through
 * `registration.permission-request.submitted.v1`. Sub-areas the user holds already in that unit are refused.
 */
export async function submitPermissionRequestUseCase(
  ports: PermissionRequestPorts,
  user: User,
  input: PermissionRequestInput,
  ctx: { requestId?: string; correlationId: string },
): Promise<PermissionRequest> {
  const unitId = input.unitId ?? user.unit?.id;
  if (!unitId) throw refusal('unitId', 'Wybierz jednostkę.');
  const found = await ports.findUnit(unitId);
  if (!found) throw refusal('unitId', 'Nie znaleziono aktywnej jednostki. Wyszukaj ją ponownie.');
  const unit: TargetUnit = { id: found.id, name: found.name, regon: found.regon, teryt: found.teryt };
  const held = new Set(user.grants.filter((g) => g.unitId === unit.id).map((g) => `${g.area}/${g.subArea}`));
  const wanted = input.subAreas.filter((g) => !held.has(`${g.area}/${g.subArea}`));
  if (wanted.length === 0) throw refusal('subAreas', 'Masz już uprawnienia do wszystkich wybranych podobszarów tej jednostki.');
  const now = ports.now();
  const request: PermissionRequest = {
    id: ctx.requestId ?? uuidv7(),
    userId: user.id,
    user: { id: user.id, login: user.login, email: user.email, firstName: user.firstName, lastName: user.lastName },
    targetUnit: unit,
    voivodeship: unit.teryt.slice(0, 2),
    subAreas: wanted,
    justification: input.justification,
    status: REQUEST_STATUS.pending,
    submittedAt: now,
    decidedAt: null,
    decisionReason: null,
  };
  const event = createEvent(
    RegistrationEvents.permissionRequestSubmitted,
    {
      requestId: request.id,
      user: request.user,
      targetUnit: unit,
      voivodeship: request.voivodeship,
      subAreas: wanted,
      justification: request.justification,
      submittedAt: now.toISOString(),
    },
    { source: 'registration', correlationId: ctx.correlationId },
  );
  await ports.insert(request, [event]);
  return request;
}
