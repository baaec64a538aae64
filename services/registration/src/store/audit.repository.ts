import { trusted } from 'mongoose';
import { uuidv7 } from '@cas/contracts';
import type { Models } from './models.js';

/** What happened, as stored: stored names, do not rename (the audit trail is read years later). */
export const AUDIT_ACTIONS = [
  'login',
  'login-failed',
  'account-blocked',
  'account-unblocked',
  'password-reminder',
  'password-changed',
  'sessions-revoked',
  'logout',
  'grant',
  'permission-request',
  'totp-enrolled',
  'second-factor',
  'admin-created',
  'admin-disabled',
  'profile-changed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  id: string;
  at: Date;
  action: AuditAction;
  outcome: 'success' | 'failure';
  /** Who acted: the user themself, an admin, or null (an anonymous attempt, the system). */
  actor: { userId: string; login: string; role: string } | null;
  /** Whom it concerns. */
  subject: { userId: string; login: string } | null;
  ip: string | null;
  /** Whose admins may read it; null = central admins only. */
  voivodeship: string | null;
  details?: Record<string, unknown>;
}

/** Append-only: this module inserts and reads; nothing in the service updates or deletes audit entries. */
export function createAuditRepository(models: Models) {
  return {
    async record(entry: Omit<AuditEntry, 'id' | 'at'> & { at?: Date }): Promise<void> {
      const id = uuidv7();
      await models.Audit.collection.insertOne({ _id: id as never, ...entry, at: entry.at ?? new Date() });
    },

    /** Newest first; `voivodeship` null reads all (central admin). */
    async list(opts: { voivodeship: string | null; before?: Date; limit?: number }): Promise<AuditEntry[]> {
      const filter: Record<string, unknown> = {};
      if (opts.voivodeship) filter.voivodeship = opts.voivodeship;
      if (opts.before) filter.at = trusted({ $lt: opts.before });
      const docs = await models.Audit.find(filter)
        .sort({ at: -1 })
        .limit(Math.min(opts.limit ?? 100, 500))
        .lean();
      return docs.map((d) => {
        const { _id, ...rest } = d as Record<string, unknown>;
        return { id: String(_id), ...(rest as Omit<AuditEntry, 'id'>) };
      });
    },
  };
}
export type AuditRepository = ReturnType<typeof createAuditRepository>;
