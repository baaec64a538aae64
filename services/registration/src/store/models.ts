import { Schema, type Connection, type Model } from 'mongoose';
import { OUTBOX_INDEX, addQueryIndexes, backendOf } from '@cas/mongo';

/**
 * Collection names are stored names: do not rename without a migration.
 */
export const COLLECTIONS = {
  applications: 'applications',
  counters: 'counters',
  units: 'units',
  logins: 'logins',
  users: 'users',
  permissionRequests: 'permission_requests',
  signingKeys: 'signing_keys',
  audit: 'audit',
} as const;

const outboxFields = {
  outbox: { type: [Schema.Types.Mixed], default: [] },
  outboxPending: { type: Boolean, default: false },
  outboxLockedUntil: { type: Date, default: null },
  outboxSince: { type: Date, default: null },
};

export interface Models {
  Application: Model<Record<string, unknown>>;
  Counter: Model<{ _id: string; seq: number }>;
  Unit: Model<Record<string, unknown>>;
  Login: Model<{ _id: string; userId: string; applicationId: string | null; unitId?: string; idempotencyKey: string; createdAt: Date }>;
  User: Model<Record<string, unknown>>;
  PermissionRequest: Model<Record<string, unknown>>;
  SigningKey: Model<{ _id: string; sealedPrivateJwk: string; publicJwk: Record<string, unknown>; createdAt: Date }>;
  Audit: Model<Record<string, unknown>>;
}

export function registerModels(conn: Connection): Models {
  const applicationSchema = new Schema(
    {
      _id: String,
      number: { type: String, required: true, unique: true },
      /** Idempotency-Key of the creating request, or the application id when none was sent (always unique). */
      idempotencyKey: { type: String, required: true, unique: true },
      requestHash: { type: String, required: true },
      voivodeship: { type: String, required: true },
      kind: String,
      // Queried with submittedAt/expiresAt only (the compound index below); no single-field index to maintain.
      status: { type: String, required: true },
      unit: Schema.Types.Mixed,
      user: Schema.Types.Mixed,
      grants: [Schema.Types.Mixed],
      verificationCode: String,
      formToken: String,
      submittedAt: Date,
      expiresAt: Date,
      timeline: [Schema.Types.Mixed],
      remindedAt: { type: Date, default: null },
      ...outboxFields,
    },
    { collection: COLLECTIONS.applications, versionKey: false, minimize: false },
  );
  addQueryIndexes(backendOf(conn), applicationSchema, [OUTBOX_INDEX, { status: 1, submittedAt: 1 }]);

  const counterSchema = new Schema({ _id: String, seq: Number }, { collection: COLLECTIONS.counters, versionKey: false });

  /** Units: `regon` is unique among units that are pending or active (closed units give theirs up). */
  const unitSchema = new Schema(
    {
      _id: String,
      regon: { type: String, required: true, unique: true },
      // Searches filter by status together with a prefix of regon or teryt (indexed); a name search is an
      // unanchored regex, which no index serves, so nameLower carries none.
      status: { type: String, required: true },
      nameLower: { type: String },
      teryt: { type: String },
    },
    { collection: COLLECTIONS.units, versionKey: false, strict: false },
  );
  addQueryIndexes(backendOf(conn), unitSchema, [{ teryt: 1 }]);

  /** Logins are unique across CAS, case-insensitively: `_id` is the lower-cased login. */
  const loginSchema = new Schema(
    {
      _id: String,
      userId: String,
      applicationId: { type: String, default: null },
      unitId: String,
      idempotencyKey: String,
      createdAt: Date,
    },
    { collection: COLLECTIONS.logins, versionKey: false },
  );

  /**
   * Accounts that may log in (created on approval, or by an admin). `_id` = the user id the application
   * carried; the login's uniqueness lives in `logins` (its `_id` is the lower-cased login → `userId`).
   */
  const userSchema = new Schema(
    {
      _id: String,
      login: { type: String, required: true },
      emailLower: { type: String, required: true },
      status: { type: String, required: true },
      role: { type: String, required: true },
      ...outboxFields,
    },
    { collection: COLLECTIONS.users, versionKey: false, strict: false, minimize: false },
  );
  addQueryIndexes(backendOf(conn), userSchema, [{ emailLower: 1 }, OUTBOX_INDEX]);

  const permissionRequestSchema = new Schema(
    { _id: String, userId: { type: String, required: true }, status: { type: String, required: true }, ...outboxFields },
    { collection: COLLECTIONS.permissionRequests, versionKey: false, strict: false, minimize: false },
  );
  addQueryIndexes(backendOf(conn), permissionRequestSchema, [{ userId: 1 }, OUTBOX_INDEX]);

  /** Session-token signing keys (Ed25519); the private half sealed with SIGNING_KEY_SECRET. */
  const signingKeySchema = new Schema(
    { _id: String, sealedPrivateJwk: String, publicJwk: Schema.Types.Mixed, createdAt: Date },
    { collection: COLLECTIONS.signingKeys, versionKey: false },
  );

  /** Append-only audit trail (DESIGN §7): inserts only, never updated or deleted by the application. */
  const auditSchema = new Schema(
    { _id: String, at: Date, action: String, outcome: String, voivodeship: { type: String, default: null } },
    { collection: COLLECTIONS.audit, versionKey: false, strict: false },
  );
  addQueryIndexes(backendOf(conn), auditSchema, [{ voivodeship: 1, at: -1 }]);

  return {
    User: conn.model('User', userSchema) as unknown as Models['User'],
    PermissionRequest: conn.model('PermissionRequest', permissionRequestSchema) as unknown as Models['PermissionRequest'],
    SigningKey: conn.model('SigningKey', signingKeySchema) as unknown as Models['SigningKey'],
    Audit: conn.model('Audit', auditSchema) as unknown as Models['Audit'],
    Application: conn.model('Application', applicationSchema) as unknown as Models['Application'],
    Counter: conn.model('Counter', counterSchema) as unknown as Models['Counter'],
    Unit: conn.model('Unit', unitSchema) as unknown as Models['Unit'],
    Login: conn.model('Login', loginSchema) as unknown as Models['Login'],
  };
}

/** Builds every collection's indexes (unique ones are what enforce uniqueness on FerretDB too). */
export async function initModels(models: Models): Promise<void> {
  await Promise.all([
    models.Application.init(),
    models.Counter.init(),
    models.Unit.init(),
    models.Login.init(),
    models.User.init(),
    models.PermissionRequest.init(),
    models.SigningKey.init(),
    models.Audit.init(),
  ]);
}
