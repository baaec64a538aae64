/**
 * The audit trail the admin UI shows (issue #6 step 6): this service's decisions and admin actions, and the
 * account events registration publishes. One row shape for all of them; stored values stay English, the page
 * and the CSV header are Polish.
 */
export const AUDIT_KIND = {
  applicationApproved: 'application.approved',
  applicationRejected: 'application.rejected',
  scanAssigned: 'scan.assigned',
  scanDismissed: 'scan.dismissed',
  permissionApproved: 'permission-request.approved',
  permissionRejected: 'permission-request.rejected',
  accountActivated: 'account.activated',
  accountClosed: 'account.closed',
  accountBlocked: 'account.blocked',
  permissionsGranted: 'permissions.granted',
} as const;
export type AuditKind = (typeof AUDIT_KIND)[keyof typeof AUDIT_KIND];

export const AUDIT_KIND_LABEL: Record<AuditKind, string> = {
  'application.approved': 'wniosek zatwierdzony',
  'application.rejected': 'wniosek odrzucony',
  'scan.assigned': 'skan przypisany do wniosku',
  'scan.dismissed': 'skan odłożony jako niezwiązany',
  'permission-request.approved': 'wniosek o uprawnienia zatwierdzony',
  'permission-request.rejected': 'wniosek o uprawnienia odrzucony',
  'account.activated': 'konto aktywowane',
  'account.closed': 'konto zamknięte',
  'account.blocked': 'konto zablokowane (nieudane logowania)',
  'permissions.granted': 'uprawnienia nadane',
};

/** Groups for the filter on the page. */
export const AUDIT_GROUPS = {
  decyzje: [AUDIT_KIND.applicationApproved, AUDIT_KIND.applicationRejected],
  skany: [AUDIT_KIND.scanAssigned, AUDIT_KIND.scanDismissed],
  uprawnienia: [AUDIT_KIND.permissionApproved, AUDIT_KIND.permissionRejected, AUDIT_KIND.permissionsGranted],
  konta: [AUDIT_KIND.accountActivated, AUDIT_KIND.accountClosed, AUDIT_KIND.accountBlocked],
} as const satisfies Record<string, readonly AuditKind[]>;
export type AuditGroup = keyof typeof AUDIT_GROUPS;

export interface AuditEntry {
  at: Date;
  kind: AuditKind;
  /** The admin's login, or `system` for what registration did on its own (a block after failed logins). */
  actor: string;
  voivodeship: string | null;
  /** What it was about: an application number, a scan id, a permission request id, a user's login. */
  subject: string;
  details: string;
  ip: string | null;
}

/** Newest first; ties by kind and subject so the order is stable across requests. */
export function sortAudit(entries: AuditEntry[]): AuditEntry[] {
  return [...entries].sort((a, b) => b.at.getTime() - a.at.getTime() || a.kind.localeCompare(b.kind) || a.subject.localeCompare(b.subject));
}

const CSV_HEADER = ['czas (UTC)', 'rodzaj', 'kto', 'województwo', 'czego dotyczy', 'szczegóły', 'adres IP'];

/**
 * One CSV cell (RFC 4180): quoted when needed; a leading `=`, `+`, `-`, `@`, tab or CR is neutralised with an
 * apostrophe so a spreadsheet does not run it as a formula (CSV injection).
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function auditCsv(entries: AuditEntry[]): string {
  const rows = entries.map((e) =>
    [e.at.toISOString(), AUDIT_KIND_LABEL[e.kind], e.actor, e.voivodeship ?? '', e.subject, e.details, e.ip ?? ''].map(csvCell).join(','),
  );
  // A BOM so spreadsheet programs read the Polish letters as UTF-8.
  return `\uFEFF${[CSV_HEADER.join(','), ...rows].join('\r\n')}\r\n`;
}
