import type { Connection } from 'mongoose';
import { AUDIT_KIND, sortAudit, type AuditEntry, type AuditKind } from '../domain/audit.js';
import { DECISIONS_COLLECTION } from './decision.repository.js';
import { PERMISSION_DECISIONS_COLLECTION } from './permission-decision.repository.js';
import { SCAN_ACTION, type ScanActionRepository } from './scan-action.repository.js';
import type { AccountEventRepository } from './account-event.repository.js';

export interface AuditQuery {
  from: Date;
  to: Date;
  /** Null: every voivodeship (the central admin). */
  voivodeship: string | null;
  kinds: readonly AuditKind[] | null;
  /** An admin's or a user's login, exact. */
  actor: string | null;
  limit: number;
}

type DecisionDoc = {
  _id: string;
  number?: string;
  voivodeship: string;
  outcome: 'approved' | 'rejected';
  decidedByLogin: string;
  decidedAt: Date;
  reasonCode: string | null;
  reasonText: string | null;
  ip: string | null;
};
type PermissionDoc = Omit<DecisionDoc, 'number' | 'reasonCode' | 'reasonText'> & { reason: string | null; userId: string };

/**
 * The audit read across the records that already exist: the decisions on applications and on permission
 * requests and the scan actions (each an append-only record of who, when, what, from where, written in the same
 * insert as its event) and registration's account events. Each source gives at most `limit` newest rows in the
 * window; the merge keeps the newest `limit`.
 */
export function createAuditRepository(conn: Connection, scanActions: ScanActionRepository, accounts: AccountEventRepository) {
  const window = (q: AuditQuery, field: string) => ({
    [field]: { $gte: q.from, $lt: q.to },
    ...(q.voivodeship ? { voivodeship: q.voivodeship } : {}),
  });
  const newest = <T>(name: string, q: AuditQuery, field: string) =>
    conn
      .collection(name)
      .find(window(q, field), { projection: { outbox: 0 } })
      .sort({ [field]: -1 })
      .limit(q.limit)
      .toArray() as unknown as Promise<T[]>;

  return {
    async entries(q: AuditQuery): Promise<AuditEntry[]> {
      const [decisions, permissions, actions, accountEvents] = await Promise.all([
        newest<DecisionDoc>(DECISIONS_COLLECTION, q, 'decidedAt'),
        newest<PermissionDoc>(PERMISSION_DECISIONS_COLLECTION, q, 'decidedAt'),
        scanActions.between(q.from, q.to, q.voivodeship, q.limit),
        accounts.between(q.from, q.to, q.voivodeship, q.limit),
      ]);
      const all: AuditEntry[] = [
        ...decisions.map((d) => ({
          at: d.decidedAt,
          kind: d.outcome === 'approved' ? AUDIT_KIND.applicationApproved : AUDIT_KIND.applicationRejected,
          actor: d.decidedByLogin,
          voivodeship: d.voivodeship,
          subject: d.number ?? d._id,
          details: [d.reasonCode, d.reasonText].filter(Boolean).join(': '),
          ip: d.ip,
        })),
        ...permissions.map((d) => ({
          at: d.decidedAt,
          kind: d.outcome === 'approved' ? AUDIT_KIND.permissionApproved : AUDIT_KIND.permissionRejected,
          actor: d.decidedByLogin,
          voivodeship: d.voivodeship,
          subject: d._id,
          details: d.reason ?? '',
          ip: d.ip,
        })),
        ...actions.map((a) => ({
          at: a.at,
          kind: a.kind === SCAN_ACTION.assigned ? AUDIT_KIND.scanAssigned : AUDIT_KIND.scanDismissed,
          actor: a.actorLogin,
          voivodeship: a.voivodeship,
          subject: a.scanId,
          details: a.applicationNumber ? `do wniosku ${a.applicationNumber}` : (a.note ?? ''),
          ip: a.ip,
        })),
        ...accountEvents.map((e) => ({
          at: e.at,
          kind: e.kind,
          actor: e.kind === AUDIT_KIND.accountBlocked ? 'system' : 'rejestracja',
          voivodeship: e.voivodeship,
          subject: e.login,
          details: e.details,
          ip: null,
        })),
      ];
      const wanted = all.filter(
        (e) => (!q.kinds || q.kinds.includes(e.kind)) && (!q.actor || e.actor === q.actor || e.subject === q.actor),
      );
      return sortAudit(wanted).slice(0, q.limit);
    },
  };
}
export type AuditRepository = ReturnType<typeof createAuditRepository>;
