import { trusted } from 'mongoose';
import { isDuplicateKey } from '@cas/mongo';
import type { UnitSnapshot } from '../domain/application.js';
import type { Models } from './models.js';

export const UNIT_STATUS = { pending: 'pending', active: 'active', closed: 'closed' } as const;

/** Public fields of a unit, as `GET /api/v1/units` shows them (no contact data, no manager). */
export interface PublicUnit {
  id: string;
  name: string;
  type: string;
  regon: string;
  teryt: string;
  city: string | null;
  voivodeship: string;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function createUnitRepository(models: Models) {
  return {
    async createPending(unit: UnitSnapshot, applicationId: string): Promise<'created' | 'regon-taken'> {
      const { id, isNew: _n, ...rest } = unit;
      try {
        await models.Unit.collection.insertOne({
          _id: id as never,
          ...rest,
          nameLower: unit.name.toLowerCase(),
          status: UNIT_STATUS.pending,
          applicationId,
          createdAt: new Date(),
        });
        return 'created';
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        // The same application's pending unit (a retried request carrying on after a crash) is its own.
        const mine = await models.Unit.collection.findOne({ _id: id as never, applicationId, status: UNIT_STATUS.pending });
        return mine ? 'created' : 'regon-taken';
      }
    },

    /** Compensation after a failed submission: only the pending unit that application created. */
    async removePending(unitId: string, applicationId: string): Promise<void> {
      await models.Unit.deleteOne({ _id: unitId, status: UNIT_STATUS.pending, applicationId });
    },

    /** Approval of the application that created it: the unit becomes active (idempotent). */
    async activate(unitId: string, applicationId: string): Promise<boolean> {
      const res = await models.Unit.updateOne(
        { _id: unitId, status: UNIT_STATUS.pending, applicationId },
        { $set: { status: UNIT_STATUS.active, activatedAt: new Date() } },
      );
      return res.modifiedCount === 1;
    },

    /** Public fields of one active unit (the target of a permission request). */
    async findPublic(id: string): Promise<PublicUnit | null> {
      const unit = await this.findActive(id);
      return unit
        ? {
            id: unit.id,
            name: unit.name,
            type: unit.type,
            regon: unit.regon,
            teryt: unit.teryt,
            city: unit.address?.city ?? null,
            voivodeship: unit.teryt.slice(0, 2),
          }
        : null;
    },

    /** Pending units older than `before`, for the orphan sweep. */
    async pendingOlderThan(before: Date, limit = 500): Promise<{ unitId: string; applicationId: string }[]> {
      const docs = await models.Unit.find({ status: UNIT_STATUS.pending, createdAt: trusted({ $lt: before }) })
        .limit(limit)
        .lean();
      return docs.map((d) => ({ unitId: String(d._id), applicationId: String((d as { applicationId?: unknown }).applicationId) }));
    },

    async findActive(id: string): Promise<UnitSnapshot | null> {
      const doc = await models.Unit.findOne({ _id: id, status: UNIT_STATUS.active }).lean();
      if (!doc) return null;
      const { _id, nameLower: _l, status: _s, applicationId: _a, createdAt: _c, ...rest } = doc as Record<string, unknown>;
      return { ...(rest as Omit<UnitSnapshot, 'id' | 'isNew'>), id: String(_id), isNew: false };
    },

    /** Search active units by REGON (prefix), TERYT (prefix) or name (case-insensitive substring). */
    async search(query: string, limit = 20): Promise<PublicUnit[]> {
      const q = query.trim();
      // `trusted()`: our own operators, built from an escaped or digits-only query, pass `sanitizeFilter`.
      const filter = /^\d{1,14}$/.test(q)
        ? { status: UNIT_STATUS.active, $or: [{ regon: trusted({ $regex: `^${q}` }) }, { teryt: trusted({ $regex: `^${q}` }) }] }
        : { status: UNIT_STATUS.active, nameLower: trusted({ $regex: escapeRegex(q.toLowerCase()) }) };
      const docs = await models.Unit.find(filter).sort({ nameLower: 1 }).limit(limit).lean();
      return docs.map((d) => {
        const u = d as Record<string, unknown> & { address?: { city?: string } };
        return {
          id: String(u._id),
          name: String(u.name),
          type: String(u.type),
          regon: String(u.regon),
          teryt: String(u.teryt),
          city: u.address?.city ?? null,
          voivodeship: String(u.teryt).slice(0, 2),
        };
      });
    },
  };
}
export type UnitRepository = ReturnType<typeof createUnitRepository>;
