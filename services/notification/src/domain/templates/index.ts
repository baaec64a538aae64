export { TEMPLATES, type TemplateName } from './names.js';
export { escapeHtml, formatDate, formatDateTime, grantLabels, headerSafe, type RenderedEmail } from './common.js';
export {
  applicationContactFrom,
  permissionRequestContactFrom,
  type ApplicationContact,
  type Office,
  type PermissionRequestContact,
} from './contact.js';
export { OFFICE_FALLBACK } from './sending-steps.js';
export { applicationSubmittedEmail } from './application-submitted.js';
export { accountActivatedEmail } from './account-activated.js';
export { accountClosedEmail } from './account-closed.js';
export { accountBlockedEmail } from './account-blocked.js';
export { passwordReminderEmail, fillTemporaryPassword, TEMPORARY_PASSWORD_PLACEHOLDER } from './password-reminder.js';
export { permissionsGrantedEmail } from './permissions-granted.js';
export { emailChangeEmail } from './email-change.js';
export { scanReceivedEmail, CHANNEL_LABELS } from './scan-received.js';
export { applicationRemindedEmail } from './application-reminded.js';
export { applicationExpiredEmail } from './application-expired.js';
export { applicationRejectedEmail, rejectReasonLabel } from './application-rejected.js';
export { permissionRequestReceivedEmail } from './permission-request-received.js';
export { permissionRequestRejectedEmail } from './permission-request-rejected.js';
export { waitingDigestEmail, DIGEST_MAX_ITEMS, WAITING_STATUS_LABELS, type WaitingDigest } from './waiting-digest.js';
export { templatePreviews, type TemplatePreview } from './samples.js';
