import type { MongoClient } from 'mongodb';
import type { NatsConnection } from '@nats-io/nats-core';
import { storedMessages, waitFor, type MailpitClient } from '@cas/testing';
import type { FlowResult } from './workload.js';

export interface InvariantReport {
  applications: number;
  /** Flows that asked for a password reminder / made a permission request (approved by the admin). */
  reminders: number;
  permissionRequests: number;
  /** Applications not `approved` in registration, or whose user is not active, or whose permission request is not approved. */
  notFinal: string[];
  /** (event type, application) pairs published more than once with different event ids: a transition done twice. */
  duplicateTransitions: string[];
  /** (template, application) pairs with no e-mail accepted by SMTP. */
  missingEmails: string[];
  /** Extra copies of one Message-ID accepted by SMTP (the window between SMTP's 250 and the ledger write). */
  duplicateEmails: number;
  deadLetters: number;
}

/** Event types that are one transition each per application (or per permission request). */
const ONCE = [
  ['REGISTRATION', 'registration.application.submitted.v1'],
  ['REGISTRATION', 'registration.account.activated.v1'],
  ['INTAKE', 'intake.scan.matched.v1'],
  ['APPROVAL', 'approval.application.approved.v1'],
  ['REGISTRATION', 'registration.permission-request.submitted.v1'],
  ['REGISTRATION', 'registration.permissions.granted.v1'],
  ['APPROVAL', 'approval.permission-request.approved.v1'],
] as const;

/**
 * What must hold after the flow, whatever crashed on the way (issue #8): every application approved with an
 * active account; every transition's event published once (JetStream de-duplicates a re-published event by its
 * id, so a second copy with another id would be a transition done twice); every expected e-mail accepted by SMTP
 * at least once, duplicates counted; no dead letters for valid traffic.
 */
export async function checkInvariants(
  mongo: MongoClient,
  nc: NatsConnection,
  mailpit: MailpitClient,
  flows: FlowResult[],
): Promise<InvariantReport> {
  const ids = new Set(flows.map((f) => f.id));
  const apps = await mongo
    .db('cas_registration')
    .collection<{ _id: string; status: string; user: { login: string } }>('applications')
    .find({ _id: { $in: [...ids] } })
    .toArray();
  const users = await mongo
    .db('cas_registration')
    .collection<{ login: string; status: string }>('users')
    .find({ login: { $in: flows.map((f) => f.login) } })
    .toArray();
  const active = new Set(users.filter((u) => u.status === 'active').map((u) => u.login));
  const byId = new Map(apps.map((a) => [a._id, a]));
  const requestIds = flows.map((f) => f.requestId).filter(Boolean);
  const requested = new Set(requestIds);
  const granted = new Set(
    (
      await mongo
        .db('cas_registration')
        .collection<{ _id: string; status: string }>('permission_requests')
        .find({ _id: { $in: requestIds } })
        .toArray()
    )
      .filter((q) => q.status === 'approved')
      .map((q) => q._id),
  );
  const notFinal = flows
    .filter((f) => byId.get(f.id)?.status !== 'approved' || !active.has(f.login) || (f.requestId && !granted.has(f.requestId)))
    .map((f) => f.number || f.tag);

  const duplicateTransitions: string[] = [];
  for (const stream of ['REGISTRATION', 'INTAKE', 'APPROVAL'] as const) {
    const seen = new Map<string, Set<string>>();
    for (const m of await storedMessages(nc, stream)) {
      if (!ONCE.some(([s, type]) => s === stream && type === m.subject)) continue;
      const e = JSON.parse(m.text) as { id: string; data: { applicationId?: string; requestId?: string } };
      const of = e.data.applicationId ?? e.data.requestId;
      if (!of || !(ids.has(of) || requested.has(of))) continue;
      const key = `${m.subject} ${of}`;
      seen.set(key, (seen.get(key) ?? new Set()).add(e.id));
    }
    for (const [key, events] of seen) if (events.size > 1) duplicateTransitions.push(`${key} ×${events.size}`);
  }

  const messages = await mailpit.all();
  const copies = new Map<string, number>();
  for (const m of messages) copies.set(m.MessageID, (copies.get(m.MessageID) ?? 0) + 1);
  const duplicateEmails = [...copies.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  const missingEmails: string[] = [];
  for (const f of flows) {
    const to = messages.filter((m) => m.To.some((t) => t.Address === f.email));
    const expected = [
      'application-submitted',
      'scan-received',
      'account-activated',
      ...(f.reminded ? ['password-reminder'] : []),
      ...(f.requestId ? ['permission-request-received', 'permissions-granted'] : []),
    ];
    for (const template of expected)
      if (!to.some((m) => m.MessageID.includes(`.${template}@`)))
        missingEmails.push(`${template} ${f.number}${await why(mongo, template, f)}`);
  }

  let deadLetters = 0;
  for (const db of ['cas_registration', 'cas_intake', 'cas_approval', 'cas_notification'])
    deadLetters += await mongo.db(db).collection('dead_letters').countDocuments({});
  return {
    applications: flows.length,
    reminders: flows.filter((f) => f.reminded).length,
    permissionRequests: requestIds.length,
    notFinal,
    duplicateTransitions,
    missingEmails,
    duplicateEmails,
    deadLetters,
  };
}

/** For a missing reminder: what registration's audit says each attempt came to (no-account, rate-limited...). */
async function why(mongo: MongoClient, template: string, f: FlowResult): Promise<string> {
  if (template !== 'password-reminder') return '';
  const audit = await mongo
    .db('cas_registration')
    .collection<{ details?: { outcome?: string } }>('audit')
    .find({ action: 'password-reminder', 'subject.login': f.login })
    .toArray();
  return ` (reminder outcomes in the audit: ${audit.map((a) => a.details?.outcome ?? '?').join(', ') || 'none: no such account when its job ran, or the job never ran'})`;
}

/** The table the suite ends with: what it tried and what held, readable without the code. */
export function printTable(title: string, rows: [string, string | number][]): void {
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\n${title}\n${'─'.repeat(width + 14)}`);
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${String(v)}`);
}

/**
 * Waits (up to `timeoutMs`) until every expected e-mail of `flows` was accepted, then checks every invariant. A
 * timeout is not an error here: the report says what is missing, and the test asserts on it.
 */
export async function settleAndCheck(
  mongo: MongoClient,
  nc: NatsConnection,
  mailpit: MailpitClient,
  flows: FlowResult[],
  timeoutMs: number,
): Promise<InvariantReport> {
  await waitFor(
    'every expected e-mail accepted',
    async () => (await checkInvariants(mongo, nc, mailpit, flows)).missingEmails.length === 0,
    timeoutMs,
    2_000,
  ).catch(() => undefined);
  return checkInvariants(mongo, nc, mailpit, flows);
}

/** The invariant rows every fault test's table ends with. */
export function invariantRows(report: InvariantReport): [string, number][] {
  return [
    ['password reminders asked for', report.reminders],
    ['permission requests made (each approved by the admin)', report.permissionRequests],
    ['applications not in their final state (lost)', report.notFinal.length],
    ['transitions done twice', report.duplicateTransitions.length],
    ['expected e-mails never accepted by SMTP', report.missingEmails.length],
    ['duplicate e-mails accepted by SMTP', report.duplicateEmails],
    ['dead letters (valid traffic only)', report.deadLetters],
  ];
}
