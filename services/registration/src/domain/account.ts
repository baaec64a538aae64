import type { Grant } from '@cas/contracts';

export const USER_STATUS = { active: 'active', blocked: 'blocked', closed: 'closed', disabled: 'disabled' } as const;
export type UserStatus = (typeof USER_STATUS)[keyof typeof USER_STATUS];

export const ROLES = { user: 'user', voivodeshipAdmin: 'voivodeship-admin', centralAdmin: 'central-admin' } as const;
export type Role = (typeof ROLES)[keyof typeof ROLES];
export const isAdmin = (role: Role): boolean => role !== ROLES.user;

/** A grant of one sub-area in one unit (the own unit's, or another unit's after a permission request). */
export interface UnitGrant extends Grant {
  unitId: string;
  unitName: string;
}

export interface TemporaryPassword {
  hash: string;
  issuedAt: Date;
  expiresAt: Date;
  /** Set when a login spent it; it then only authorises the forced password change, until it expires. */
  usedAt?: Date | null;
}

export interface TotpState {
  /** The base32 secret, sealed (AES-GCM) with the signing-key secret. */
  sealedSecret: string;
  enrolledAt: Date | null;
  /** The last accepted time step: a code is accepted once (replay protection). */
  lastStep: number;
  /** SHA-256 of each unused recovery code. */
  recoveryCodes: string[];
}

export interface User {
  id: string;
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  phone: string;
  position: string;
  passwordHash: string;
  status: UserStatus;
  role: Role;
  /** The voivodeship whose admins see this account (the unit's, or the admin's own); null for the central admin. */
  voivodeship: string | null;
  unit: { id: string; name: string } | null;
  grants: UnitGrant[];
  failedAttempts: number;
  blockedAt: Date | null;
  temporaryPassword: TemporaryPassword | null;
  mustChangePassword: boolean;
  /** Sessions authenticated before this instant are void (password change, admin revocation). */
  sessionsValidAfter: Date | null;
  totp: TotpState | null;
  /** A requested new e-mail address waiting for its confirmation link (only the token's hash is kept). */
  pendingEmail?: { email: string; tokenHash: string; expiresAt: Date } | null;
  applicationId: string | null;
  createdAt: Date;
}

export const fullName = (u: Pick<User, 'firstName' | 'lastName'>) => `${u.firstName} ${u.lastName}`;

/** An admin account as every way of making one starts it: active, no unit, no grants, nothing failed yet. */
export function newAdminUser(
  fields: Pick<User, 'id' | 'login' | 'email' | 'firstName' | 'lastName' | 'phone' | 'position' | 'role' | 'voivodeship' | 'passwordHash'> &
    Partial<Pick<User, 'temporaryPassword' | 'mustChangePassword' | 'totp'>>,
  now: Date,
): User {
  return {
    temporaryPassword: null,
    mustChangePassword: true,
    totp: null,
    ...fields,
    status: USER_STATUS.active,
    unit: null,
    grants: [],
    failedAttempts: 0,
    blockedAt: null,
    sessionsValidAfter: null,
    applicationId: null,
    createdAt: now,
  };
}

/** Grants as events carry them (area and sub-area, the unit implied). */
export const plainGrants = (grants: UnitGrant[]): Grant[] => grants.map(({ area, subArea }) => ({ area, subArea }));

/** Adds grants not held yet; returns the new list and what was actually added. */
export function mergeGrants(current: UnitGrant[], added: UnitGrant[]): { grants: UnitGrant[]; added: UnitGrant[] } {
  const key = (g: UnitGrant) => `${g.unitId}|${g.area}|${g.subArea}`;
  const have = new Set(current.map(key));
  const fresh = added.filter((g) => !have.has(key(g)) && have.add(key(g)));
  return { grants: [...current, ...fresh], added: fresh };
}

/** Areas the user may open, each with its granted sub-areas (tiles on the landing page). */
export function areasOf(grants: UnitGrant[]): Map<string, UnitGrant[]> {
  const byArea = new Map<string, UnitGrant[]>();
  for (const g of grants) byArea.set(g.area, [...(byArea.get(g.area) ?? []), g]);
  return byArea;
}
