export { TEMPLATES, type TemplateName } from './names.js';
export { escapeHtml, formatDate, formatDateTime, grantLabels, headerSafe, type RenderedEmail } from './common.js';
export { applicationSubmittedEmail } from './application-submitted.js';
export { accountActivatedEmail } from './account-activated.js';
export { accountClosedEmail } from './account-closed.js';
export { accountBlockedEmail } from './account-blocked.js';
export { passwordReminderEmail, fillTemporaryPassword, TEMPORARY_PASSWORD_PLACEHOLDER } from './password-reminder.js';
export { permissionsGrantedEmail } from './permissions-granted.js';
export { emailChangeEmail } from './email-change.js';
