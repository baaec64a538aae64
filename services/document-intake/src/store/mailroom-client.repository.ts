import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Connection } from 'mongoose';

/** Stored name: do not rename without a migration. */
export const MAILROOM_CLIENTS_COLLECTION = 'mailroom_clients';

export interface MailroomClient {
  id: string;
  name: string;
  voivodeship: string;
  createdAt: Date;
  revokedAt: Date | null;
}

type Doc = Omit<MailroomClient, 'id'> & { _id: string; secretHash: string };

/** `casmr_<id>_<secret>`: the id finds the record, the secret (256 bits) is compared by its SHA-256. */
const KEY_PATTERN = /^casmr_([a-z0-9]{16})_([A-Za-z0-9_-]{43})$/;
const sha256 = (s: string) => createHash('sha256').update(s).digest();

/**
 * API keys of the mailroom clients (DESIGN §5.2): each bound to one voivodeship, stored as a hash (the key is
 * shown once, at creation), revocable. A 256-bit random secret needs no slow hash: SHA-256 is enough.
 */
export function createMailroomClientRepository(conn: Connection) {
  const coll = () => conn.collection<Doc>(MAILROOM_CLIENTS_COLLECTION);
  const plain = ({ _id, secretHash: _s, ...rest }: Doc): MailroomClient => ({ id: _id, ...rest });
  return {
    async create(voivodeship: string, name: string): Promise<{ client: MailroomClient; apiKey: string }> {
      const id = randomBytes(8).toString('hex');
      const secret = randomBytes(32).toString('base64url');
      const doc: Doc = { _id: id, name, voivodeship, createdAt: new Date(), revokedAt: null, secretHash: sha256(secret).toString('hex') };
      await coll().insertOne(doc);
      return { client: plain(doc), apiKey: `casmr_${id}_${secret}` };
    },

    /** The active client a key belongs to, or null (malformed, unknown, wrong secret, revoked). */
    async authenticate(apiKey: string): Promise<MailroomClient | null> {
      const m = KEY_PATTERN.exec(apiKey);
      if (!m) return null;
      const doc = await coll().findOne({ _id: m[1]! });
      if (!doc || doc.revokedAt) return null;
      const expected = Buffer.from(doc.secretHash, 'hex');
      const given = sha256(m[2]!);
      return expected.length === given.length && timingSafeEqual(expected, given) ? plain(doc) : null;
    },

    async revoke(id: string): Promise<boolean> {
      const res = await coll().updateOne({ _id: id, revokedAt: null }, { $set: { revokedAt: new Date() } });
      return res.modifiedCount === 1;
    },

    async list(): Promise<MailroomClient[]> {
      return (await coll().find({}).sort({ createdAt: 1 }).toArray()).map(plain);
    },
  };
}
export type MailroomClientRepository = ReturnType<typeof createMailroomClientRepository>;
