import type { Connection } from 'mongoose';
import type { ApplicationContact, PermissionRequestContact } from '../domain/templates/contact.js';

/** Stored names: do not rename without a migration. */
export const APPLICATION_CONTACTS_COLLECTION = 'application_contacts';
export const PERMISSION_REQUEST_CONTACTS_COLLECTION = 'permission_request_contacts';
export const USER_VOIVODESHIPS_COLLECTION = 'user_voivodeships';

/**
 * Where an application stands, as far as e-mails care: waiting for its scan, waiting for the admin, or over
 * (decided, expired, withdrawn). Only moves forward. Stored values: do not rename.
 */
export const CONTACT_STATE = { awaitingDocument: 'awaiting-document', readyForReview: 'ready-for-review', closed: 'closed' } as const;
export type ContactState = (typeof CONTACT_STATE)[keyof typeof CONTACT_STATE];
const RANK: Record<ContactState, number> = { 'awaiting-document': 0, 'ready-for-review': 1, closed: 2 };

type ContactDoc = Omit<ApplicationContact, 'applicationId'> & { _id: string; state: ContactState; closedAt?: string };
type RequestDoc = Omit<PermissionRequestContact, 'requestId'> & { _id: string };

/**
 * Notification's own view of applicants and permission requesters, built from registration's events (DESIGN §3:
 * no service reads another's database): later events (a scan received, a rejection, a reminder) carry only an id,
 * and the e-mail needs an address, a name and a voivodeship. Also the state of each application, for the
 * administrators' daily digest of applications waiting too long.
 */
export function createContactRepository(conn: Connection) {
  const contacts = () => conn.collection<ContactDoc>(APPLICATION_CONTACTS_COLLECTION);
  const requests = () => conn.collection<RequestDoc>(PERMISSION_REQUEST_CONTACTS_COLLECTION);
  const users = () => conn.collection<{ _id: string; voivodeship: string }>(USER_VOIVODESHIPS_COLLECTION);
  const toContact = ({ _id, state: _s, closedAt: _c, ...rest }: ContactDoc): ApplicationContact => ({ applicationId: _id, ...rest });

  return {
    /** Records the applicant (a replay keeps what is there, including a state that moved on). */
    async saveApplication(c: ApplicationContact): Promise<void> {
      const { applicationId, ...rest } = c;
      await contacts().updateOne(
        { _id: applicationId },
        { $setOnInsert: { ...rest, state: CONTACT_STATE.awaitingDocument } },
        { upsert: true },
      );
    },

    async application(applicationId: string): Promise<(ApplicationContact & { state: ContactState; closedAt: string | null }) | null> {
      const doc = await contacts().findOne({ _id: applicationId });
      return doc ? { ...toContact(doc), state: doc.state, closedAt: doc.closedAt ?? null } : null;
    },

    /**
     * Moves the application forward (never back: a late "scan received" does not reopen a decided one). `at` is
     * when it happened (the event's time), kept for `closed`: the streams are read independently, so a scan
     * received before the decision may be handled after it, and still deserves its receipt.
     */
    async advance(applicationId: string, state: ContactState, at?: string): Promise<void> {
      const lower = Object.entries(RANK)
        .filter(([, r]) => r < RANK[state])
        .map(([s]) => s);
      await contacts().updateOne(
        { _id: applicationId, state: { $in: lower as ContactState[] } },
        { $set: { state, ...(state === CONTACT_STATE.closed && at ? { closedAt: at } : {}) } },
      );
    },

    /** Open applications submitted before `cutoff`, oldest first (the digest; reads the whole collection once a day). */
    async waitingSince(cutoff: Date): Promise<(ApplicationContact & { state: ContactState })[]> {
      const docs = await contacts()
        .find({ state: { $in: [CONTACT_STATE.awaitingDocument, CONTACT_STATE.readyForReview] } })
        .toArray();
      return docs
        .filter((d) => new Date(d.submittedAt) < cutoff)
        .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt))
        .map((d) => ({ ...toContact(d), state: d.state }));
    },

    async savePermissionRequest(r: PermissionRequestContact): Promise<void> {
      const { requestId, ...rest } = r;
      await requests().updateOne({ _id: requestId }, { $setOnInsert: rest }, { upsert: true });
    },

    async permissionRequest(requestId: string): Promise<PermissionRequestContact | null> {
      const doc = await requests().findOne({ _id: requestId });
      if (!doc) return null;
      const { _id, ...rest } = doc;
      return { requestId: _id, ...rest };
    },

    /** A user's voivodeship (from their activated application): scopes their failed e-mails to that office. */
    async setUserVoivodeship(userId: string, voivodeship: string): Promise<void> {
      await users().updateOne({ _id: userId }, { $set: { voivodeship } }, { upsert: true });
    },

    async userVoivodeship(userId: string): Promise<string | null> {
      return (await users().findOne({ _id: userId }))?.voivodeship ?? null;
    },
  };
}
export type ContactRepository = ReturnType<typeof createContactRepository>;
