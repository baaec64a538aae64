/**
 * Stored names: JetStream streams, durable consumers and event subjects live on in servers and in data.
 * DO NOT RENAME any value in this file without a migration (new stream/consumer + move), see docs/adr/0003.
 */

/** One stream per producing service; each captures `<owner>.>` (DESIGN §5.1). Do not rename. */
export const STREAMS = {
  registration: { name: 'REGISTRATION', subjects: ['registration.>'] },
  intake: { name: 'INTAKE', subjects: ['intake.>'] },
  approval: { name: 'APPROVAL', subjects: ['approval.>'] },
} as const;

export type StreamKey = keyof typeof STREAMS;
export type StreamName = (typeof STREAMS)[StreamKey]['name'];

/**
 * Durable pull consumers, `<consumer service>--<purpose>`, shared by all replicas of that service.
 * Do not rename: a new name is a new consumer that starts from its deliver policy.
 */
export const CONSUMERS = {
  intakeOpenApplications: { durable: 'intake--open-applications', stream: 'REGISTRATION' },
  intakeDecisions: { durable: 'intake--decisions', stream: 'APPROVAL' },
  approvalApplications: { durable: 'approval--applications', stream: 'REGISTRATION' },
  approvalScans: { durable: 'approval--scans', stream: 'INTAKE' },
  /** Approval's own decisions, so its read model is rebuilt from events alone. */
  approvalDecisions: { durable: 'approval--decisions', stream: 'APPROVAL' },
  /** Permission requests and the users' grants for the permission-review queue: its own durable, so it replays history. */
  approvalPermissionRequests: { durable: 'approval--permission-requests', stream: 'REGISTRATION' },
  /** Registration's account events (activated, closed, blocked, permissions granted) for approval's audit page. */
  approvalAccountEvents: { durable: 'approval--account-events', stream: 'REGISTRATION' },
  registrationDecisions: { durable: 'registration--decisions', stream: 'APPROVAL' },
  registrationScans: { durable: 'registration--scans', stream: 'INTAKE' },
  notificationRegistrationEmails: { durable: 'notification--registration-emails', stream: 'REGISTRATION' },
  notificationIntakeEmails: { durable: 'notification--intake-emails', stream: 'INTAKE' },
  notificationApprovalEmails: { durable: 'notification--approval-emails', stream: 'APPROVAL' },
} as const satisfies Record<string, { durable: string; stream: StreamName }>;

export type ConsumerKey = keyof typeof CONSUMERS;

/**
 * Core NATS subjects for notices between replicas of one service. No stream captures them (they are outside
 * every `<owner>.>`): a notice is a hint, not an event, and a replica that may have missed some reloads instead.
 * Do not rename: during a rolling update old and new replicas must still hear each other.
 */
export const NOTICES = {
  /** Payload `{ id, from }`: approval's review item `id` was written by replica `from` (review-index.sync.ts). */
  approvalReviewItemChanged: 'cas-notice.approval.review-item-changed',
} as const;

/**
 * Core NATS request/reply subjects for queries between services (DESIGN §3), answered by a queue group of the
 * owning service. Outside every stream. Do not rename: callers and responders of different versions meet here.
 */
export const REQUESTS = {
  /** Registration answers with the active voivodeship administrators (notification's daily digest). */
  voivodeshipAdmins: 'cas-rpc.registration.voivodeship-admins',
} as const;
