import type { Logger } from '@cas/logger';
import { APPLICATION_STATUS, type ApplicationStatus } from '../domain/application.js';
import type { ApplicationRepository } from '../store/application.repository.js';
import type { LoginRepository } from '../store/login.repository.js';
import type { UnitRepository } from '../store/unit.repository.js';

export interface OrphanDeps {
  applications: ApplicationRepository;
  logins: LoginRepository;
  units: UnitRepository;
  now: () => Date;
  /** Reservations younger than this are left alone: their submission may still be running. */
  graceMs: number;
  logger: Logger;
}

/** Applications that hold nothing any more: their login and new unit's REGON are free again. */
const CLOSED: (ApplicationStatus | null)[] = [null, APPLICATION_STATUS.rejected, APPLICATION_STATUS.expired, APPLICATION_STATUS.withdrawn];

/**
 * A submission reserves the login and the new unit's REGON before it writes the application. A crash in
 * between would leave a reservation without an application, blocking that login or REGON for good; so would a
 * crash between closing an application (rejection, expiry) and releasing what it held. This sweep (part of the
 * repeatable maintenance job) releases both after a grace period. Logins of accounts an admin created carry
 * no application and are never touched.
 */
export async function releaseOrphansJob(deps: OrphanDeps): Promise<{ logins: number; units: number }> {
  const before = new Date(deps.now().getTime() - deps.graceMs);
  let logins = 0;
  let units = 0;
  for (const r of await deps.logins.olderThan(before)) {
    if (r.applicationId && CLOSED.includes(await deps.applications.statusOf(r.applicationId))) {
      await deps.logins.release(r.loginLower, r.applicationId);
      logins++;
    }
  }
  for (const u of await deps.units.pendingOlderThan(before)) {
    if (CLOSED.includes(await deps.applications.statusOf(u.applicationId))) {
      await deps.units.removePending(u.unitId, u.applicationId);
      units++;
    }
  }
  if (logins || units) deps.logger.warn({ logins, units }, 'released reservations left by interrupted submissions');
  return { logins, units };
}
