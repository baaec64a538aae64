import { ApprovalEvents, createEvent, RegistrationEvents, type EventData, type Envelope } from '@cas/contracts';
import { faultPoint } from '@cas/config';
import { correlationId } from '@cas/logger';
import { mergeGrants, plainGrants, ROLES, USER_STATUS, type User } from '../domain/account.js';
import { REQUEST_STATUS } from '../domain/permission-request.js';
import { APPLICATION_STATUS, type Application } from '../domain/application.js';
import type { ApplicationRepository } from '../store/application.repository.js';
import type { AuditRepository } from '../store/audit.repository.js';
import type { LoginRepository } from '../store/login.repository.js';
import type { PermissionRequestRepository } from '../store/permission-request.repository.js';
import type { UnitRepository } from '../store/unit.repository.js';
import type { UserRepository } from '../store/user.repository.js';

const OPEN = [APPLICATION_STATUS.awaitingDocument, APPLICATION_STATUS.documentReceived] as const;

export interface AccountLifecycleDeps {
  applications: ApplicationRepository;
  users: UserRepository;
  units: UnitRepository;
  logins: LoginRepository;
  audit: AuditRepository;
}

/** The account an approved application creates: active, with the requested sub-areas of its unit. */
export function userFromApplication(app: Application, now: Date): User {
  return {
    id: app.user.id,
    login: app.user.login,
    email: app.user.email,
    firstName: app.user.firstName,
    lastName: app.user.lastName,
    phone: app.user.phone,
    position: app.user.position,
    passwordHash: app.user.passwordHash,
    status: USER_STATUS.active,
    role: ROLES.user,
    voivodeship: app.voivodeship,
    unit: { id: app.unit.id, name: app.unit.name },
    grants: app.grants.map((g) => ({ ...g, unitId: app.unit.id, unitName: app.unit.name })),
    failedAttempts: 0,
    blockedAt: null,
    temporaryPassword: null,
    mustChangePassword: false,
    sessionsValidAfter: null,
    totp: null,
    applicationId: app.id,
    createdAt: now,
  };
}

/**
 * Approval → the user (and a new unit) become active, `registration.account.activated.v1`. Rejection →
 * the application is closed with `registration.account.closed.v1`, and its login and new unit's REGON are
 * released. Each step is idempotent on its own (guarded transition, insert by id, guarded unit update), and
 * each runs whenever the application is in the decided state, so a redelivery after a crash finishes the job.
 */
export async function activateAccount(deps: AccountLifecycleDeps, applicationId: string, decidedAt: Date): Promise<void> {
  await deps.applications.transition(applicationId, OPEN, APPLICATION_STATUS.approved, decidedAt);
  const app = await deps.applications.findById(applicationId);
  if (!app || app.status !== APPLICATION_STATUS.approved) return;
  if (app.unit.isNew) await deps.units.activate(app.unit.id, app.id);
  const user = userFromApplication(app, decidedAt);
  const activated = createEvent(
    RegistrationEvents.accountActivated,
    {
      userId: user.id,
      login: user.login,
      email: user.email,
      name: { firstName: user.firstName, lastName: user.lastName },
      unit: { id: app.unit.id, name: app.unit.name },
      grants: app.grants,
      applicationId: app.id,
    },
    { source: 'registration', correlationId: correlationId() },
  );
  faultPoint('registration.account.before-user-insert');
  if (await deps.users.insert(user, [activated])) {
    await deps.audit.record({
      action: 'grant',
      outcome: 'success',
      actor: null,
      subject: { userId: user.id, login: user.login },
      ip: null,
      voivodeship: app.voivodeship,
      details: { reason: 'application-approved', applicationId: app.id, grants: app.grants },
    });
  }
}

/** Frees what a closed application held: its login reservation and the pending unit it created. */
export async function releaseReservations(deps: Pick<AccountLifecycleDeps, 'logins' | 'units'>, app: Application): Promise<void> {
  await deps.logins.release(app.user.loginLower, app.id);
  if (app.unit.isNew) await deps.units.removePending(app.unit.id, app.id);
}

export async function closeRejected(deps: AccountLifecycleDeps, d: EventData<typeof ApprovalEvents.applicationRejected>): Promise<void> {
  const app = await deps.applications.findById(d.applicationId);
  if (!app) return;
  const closed = createEvent(
    RegistrationEvents.accountClosed,
    {
      userId: app.user.id,
      login: app.user.login,
      email: app.user.email,
      name: { firstName: app.user.firstName, lastName: app.user.lastName },
      reason: d.reasonText || 'Wniosek odrzucony.',
      applicationId: app.id,
    },
    { source: 'registration', correlationId: correlationId() },
  );
  await deps.applications.transition(d.applicationId, OPEN, APPLICATION_STATUS.rejected, new Date(d.decidedAt), [closed], {
    rejection: { reasonCode: d.reasonCode, reasonText: d.reasonText },
  });
  const after = await deps.applications.findById(d.applicationId);
  if (after?.status === APPLICATION_STATUS.rejected) await releaseReservations(deps, after);
}

/** Handlers of the decisions consumer (APPROVAL stream) for applications. */
export function applicationDecisionHandlers(deps: AccountLifecycleDeps) {
  return {
    [ApprovalEvents.applicationApproved.subject]: async (e: Envelope) => {
      const d = e.data as EventData<typeof ApprovalEvents.applicationApproved>;
      await activateAccount(deps, d.applicationId, new Date(d.decidedAt));
    },
    [ApprovalEvents.applicationRejected.subject]: async (e: Envelope) => {
      await closeRejected(deps, e.data as EventData<typeof ApprovalEvents.applicationRejected>);
    },
  };
}

export interface PermissionDecisionDeps {
  requests: PermissionRequestRepository;
  users: UserRepository;
  audit: AuditRepository;
}

/**
 * Approved → the request is closed and its sub-areas are added to the user's grants with
 * `registration.permissions.granted.v1` (nothing added on a redelivery, so no second event). Rejected → closed
 * with the reason.
 */
export function permissionDecisionHandlers(deps: PermissionDecisionDeps) {
  return {
    [ApprovalEvents.permissionRequestApproved.subject]: async (e: Envelope) => {
      const d = e.data as EventData<typeof ApprovalEvents.permissionRequestApproved>;
      await deps.requests.decide(d.requestId, REQUEST_STATUS.approved, new Date(d.decidedAt), d.reason);
      const request = await deps.requests.findById(d.requestId);
      if (!request || request.status !== REQUEST_STATUS.approved) return;
      const user = await deps.users.findById(request.userId);
      if (!user) return;
      const { grants, added } = mergeGrants(
        user.grants,
        request.subAreas.map((g) => ({ ...g, unitId: request.targetUnit.id, unitName: request.targetUnit.name })),
      );
      if (added.length === 0) return;
      const granted = createEvent(
        RegistrationEvents.permissionsGranted,
        { requestId: request.id, userId: user.id, email: user.email, grants: plainGrants(added) },
        { source: 'registration', correlationId: correlationId() },
      );
      await deps.users.setGrants(user.id, grants, [granted]);
      await deps.audit.record({
        action: 'grant',
        outcome: 'success',
        actor: { userId: d.decidedBy, login: d.decidedBy, role: 'admin' },
        subject: { userId: user.id, login: user.login },
        ip: null,
        voivodeship: request.voivodeship,
        details: { requestId: request.id, unit: request.targetUnit.id, grants: plainGrants(added) },
      });
    },
    [ApprovalEvents.permissionRequestRejected.subject]: async (e: Envelope) => {
      const d = e.data as EventData<typeof ApprovalEvents.permissionRequestRejected>;
      await deps.requests.decide(d.requestId, REQUEST_STATUS.rejected, new Date(d.decidedAt), d.reason);
    },
  };
}
