import { RegistrationEvents, type EventData, type Envelope } from '@cas/contracts';
import { AUDIT_KIND } from '../domain/audit.js';
import type { AccountEventRepository } from '../store/account-event.repository.js';
import type { ReviewItemRepository } from '../store/review-item.repository.js';

type Activated = EventData<typeof RegistrationEvents.accountActivated>;
type Closed = EventData<typeof RegistrationEvents.accountClosed>;
type Blocked = EventData<typeof RegistrationEvents.accountBlocked>;
type Granted = EventData<typeof RegistrationEvents.permissionsGranted>;

/**
 * Registration's account events → the audit (`approval--account-events`). The voivodeship comes from the
 * application an activation or closure names (its review item), and for later events of the same user from
 * what the activation taught; an account whose voivodeship is unknown is seen by the central admin only.
 */
export function accountEventHandlers(events: AccountEventRepository, items: ReviewItemRepository) {
  const fromApplication = async (applicationId: string | undefined) =>
    applicationId ? ((await items.get(applicationId))?.voivodeship ?? null) : null;
  return {
    [RegistrationEvents.accountActivated.subject]: async (e: Envelope) => {
      const d = e.data as Activated;
      const voivodeship = (await fromApplication(d.applicationId)) ?? (await events.voivodeshipOf(d.userId));
      if (voivodeship) await events.rememberVoivodeship(d.userId, voivodeship);
      const grants = d.grants.map((g) => `${g.area}/${g.subArea}`).join(', ');
      await events.record({
        eventId: e.id,
        kind: AUDIT_KIND.accountActivated,
        at: new Date(e.time),
        userId: d.userId,
        login: d.login,
        voivodeship,
        details: `${d.unit.name}; ${grants}`,
      });
    },
    [RegistrationEvents.accountClosed.subject]: async (e: Envelope) => {
      const d = e.data as Closed;
      const voivodeship = (await fromApplication(d.applicationId)) ?? (await events.voivodeshipOf(d.userId));
      await events.record({
        eventId: e.id,
        kind: AUDIT_KIND.accountClosed,
        at: new Date(e.time),
        userId: d.userId,
        login: d.login,
        voivodeship,
        details: d.reason,
      });
    },
    [RegistrationEvents.accountBlocked.subject]: async (e: Envelope) => {
      const d = e.data as Blocked;
      await events.record({
        eventId: e.id,
        kind: AUDIT_KIND.accountBlocked,
        at: new Date(d.blockedAt),
        userId: d.userId,
        login: d.login,
        voivodeship: await events.voivodeshipOf(d.userId),
        details: `nieudanych prób: ${d.failedAttempts}`,
      });
    },
    [RegistrationEvents.permissionsGranted.subject]: async (e: Envelope) => {
      const d = e.data as Granted;
      await events.record({
        eventId: e.id,
        kind: AUDIT_KIND.permissionsGranted,
        at: new Date(e.time),
        userId: d.userId,
        login: d.email,
        voivodeship: await events.voivodeshipOf(d.userId),
        details: `wniosek ${d.requestId}: ${d.grants.map((g) => `${g.area}/${g.subArea}`).join(', ')}`,
      });
    },
  };
}
