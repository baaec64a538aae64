import type { EventData, Grant, RegistrationEvents } from '@cas/contracts';

/** Stored values: do not rename. */
export const PERMISSION_STATUS = { pending: 'pending', approved: 'approved', rejected: 'rejected' } as const;
export type PermissionStatus = (typeof PERMISSION_STATUS)[keyof typeof PERMISSION_STATUS];

type Submitted = EventData<typeof RegistrationEvents.permissionRequestSubmitted>;
type Activated = EventData<typeof RegistrationEvents.accountActivated>;
type Granted = EventData<typeof RegistrationEvents.permissionsGranted>;

export interface PermissionDecision {
  outcome: 'approved' | 'rejected';
  decidedBy: string;
  decidedAt: string;
  reason: string | null;
}

/**
 * The admin's view of one "Wnioskuj o rozszerzenie uprawnień" request, built only from events (registration's
 * submission, approval's own decision). The decision may be applied before the submission (rebuild replays the
 * streams one after another); `submittedAt` stays null until the submission is known, and such a review is not
 * listed.
 */
export interface PermissionReview {
  requestId: string;
  status: PermissionStatus;
  user: { id: string; login: string; name: string; email: string } | null;
  targetUnit: Submitted['targetUnit'] | null;
  voivodeship: string | null;
  subAreas: Grant[];
  justification: string | null;
  submittedAt: Date | null;
  decision: PermissionDecision | null;
}

export function emptyPermissionReview(requestId: string): PermissionReview {
  return {
    requestId,
    status: PERMISSION_STATUS.pending,
    user: null,
    targetUnit: null,
    voivodeship: null,
    subAreas: [],
    justification: null,
    submittedAt: null,
    decision: null,
  };
}

/** `registration.permission-request.submitted.v1`: a request's data never changes, so a replay is a no-op. */
export function applyRequestSubmitted(review: PermissionReview, d: Submitted): PermissionReview {
  if (review.submittedAt) return review;
  return {
    ...review,
    user: { id: d.user.id, login: d.user.login, name: `${d.user.firstName} ${d.user.lastName}`, email: d.user.email },
    targetUnit: d.targetUnit,
    voivodeship: d.voivodeship,
    subAreas: d.subAreas,
    justification: d.justification,
    submittedAt: new Date(d.submittedAt),
  };
}

/** Approval's own decision: the first one is final (there is only ever one, see permission-decision.repository.ts). */
export function applyPermissionDecision(review: PermissionReview, decision: PermissionDecision): PermissionReview {
  if (review.decision) return review;
  return { ...review, status: decision.outcome === 'approved' ? PERMISSION_STATUS.approved : PERMISSION_STATUS.rejected, decision };
}

/** Why an admin may not decide now: an unknown request, or one that already has its decision. */
export function permissionDecisionRefusal(review: PermissionReview): 'unknown' | 'already-decided' | null {
  if (review.decision || review.status !== PERMISSION_STATUS.pending) return 'already-decided';
  if (!review.submittedAt || !review.user) return 'unknown';
  return null;
}

/** A grant with the unit it is for (null when the request naming the unit has not been seen). */
export interface UnitGrant {
  unitId: string | null;
  unitName: string | null;
  area: string;
  subArea: string;
}

/**
 * What a user holds now, as approval learns it from events: the grants of their activated account (own unit),
 * plus each `permissions.granted` (keyed by request). `permissions.granted` does not name the unit, so the
 * unit of every request the user submitted is kept too; the join happens on reading (`currentGrants`), which
 * makes the result independent of the order the three kinds of event arrive in. Lists are sorted by request id
 * so that any order of events gives the same document.
 */
export interface UserGrants {
  userId: string;
  unit: { id: string; name: string } | null;
  activated: Grant[];
  granted: { requestId: string; grants: Grant[] }[];
  requestUnits: { requestId: string; unit: { id: string; name: string } }[];
}

export function emptyUserGrants(userId: string): UserGrants {
  return { userId, unit: null, activated: [], granted: [], requestUnits: [] };
}

const insertSorted = <T extends { requestId: string }>(list: T[], entry: T): T[] =>
  [...list, entry].sort((a, b) => (a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0));

/** `registration.account.activated.v1`: the own unit and its grants (an account is activated once). */
export function applyAccountActivated(g: UserGrants, d: Activated): UserGrants {
  if (g.unit) return g;
  return { ...g, unit: { id: d.unit.id, name: d.unit.name }, activated: d.grants };
}

/** `registration.permissions.granted.v1`: what one approved request added (once per request). */
export function applyPermissionsGranted(g: UserGrants, d: Granted): UserGrants {
  if (g.granted.some((x) => x.requestId === d.requestId)) return g;
  return { ...g, granted: insertSorted(g.granted, { requestId: d.requestId, grants: d.grants }) };
}

/** The unit a request of this user is for, from its submission (to place the grants it may bring). */
export function applyRequestUnit(g: UserGrants, d: Submitted): UserGrants {
  if (g.requestUnits.some((x) => x.requestId === d.requestId)) return g;
  return {
    ...g,
    requestUnits: insertSorted(g.requestUnits, { requestId: d.requestId, unit: { id: d.targetUnit.id, name: d.targetUnit.name } }),
  };
}

/** The user's grants now, each with its unit; each (unit, area, sub-area) once. */
export function currentGrants(g: UserGrants | null): UnitGrant[] {
  if (!g) return [];
  const all: UnitGrant[] = g.activated.map((x) => ({ unitId: g.unit?.id ?? null, unitName: g.unit?.name ?? null, ...x }));
  for (const { requestId, grants } of g.granted) {
    const unit = g.requestUnits.find((r) => r.requestId === requestId)?.unit ?? null;
    all.push(...grants.map((x) => ({ unitId: unit?.id ?? null, unitName: unit?.name ?? null, ...x })));
  }
  const seen = new Set<string>();
  return all.filter((x) => {
    const key = `${x.unitId ?? ''}|${x.area}|${x.subArea}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
