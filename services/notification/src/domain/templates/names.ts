/**
 * Template names. Stored names: they live in the deliveries ledger (`template`, part of the ledger key and
 * of the job id) and in Message-IDs. Do not rename; a changed e-mail keeps its name, a new one gets a new name.
 */
export const TEMPLATES = {
  applicationSubmitted: 'application-submitted',
  accountActivated: 'account-activated',
  accountClosed: 'account-closed',
  accountBlocked: 'account-blocked',
  passwordReminder: 'password-reminder',
  permissionsGranted: 'permissions-granted',
  emailChange: 'email-change',
  scanReceived: 'scan-received',
  applicationReminded: 'application-reminded',
  applicationExpired: 'application-expired',
  applicationRejected: 'application-rejected',
  permissionRequestReceived: 'permission-request-received',
  permissionRequestRejected: 'permission-request-rejected',
  waitingDigest: 'waiting-digest',
} as const;

export type TemplateName = (typeof TEMPLATES)[keyof typeof TEMPLATES];
