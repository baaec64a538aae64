export type { Infra, InfraComponent, InfraOptions } from './infra.js';
export { startInfra } from './start-infra.js';
export { startLocalInfra } from './local-infra.js';
export { startContainerInfra, dockerAvailable, CONTAINER_IMAGES } from './container-infra.js';
export { ensureTools, toolPath, redisServerPath, TOOL_VERSIONS } from './tools.js';
export { ManagedProcess, type ProcessSpec } from './managed-process.js';
export { freePort, portOpen, waitFor } from './ports.js';
export { MailpitClient, type MailpitMessageSummary } from './mailpit.js';
export { repoRoot, toolsDir, dataDir } from './paths.js';
export { ServiceProcess, SERVICE_NAMES, type ServiceName } from './service-process.js';
export { startSystem, type System, type SystemOptions } from './system.js';
export { sampleApplication, regonFor } from './samples.js';
export { storedMessages, type StoredMessage } from './stream-messages.js';
export {
  activeUserId,
  approvedAccount,
  centralAdminSession,
  createCentralAdminCli,
  publishApproved,
  temporaryPasswordFor,
  voivodeshipAdminSession,
} from './accounts.js';
export { DEV_NOTIFICATION_PRIVATE_JWK, DEV_NOTIFICATION_PUBLIC_JWK } from './dev-keys.js';
export { degrade, multiPageTiff, scannedPage, scannerPdf, syntheticPage, type Degradation } from './scan-fixtures.js';
export { startDovecot, DOVECOT, type ImapServer } from './dovecot.js';
export { createMailroomKey, mailroomKeysCli, settled, uploadScans, type ScanView, type UploadFile } from './mailroom.js';
export { permissionReviewListed, readyForReview } from './review.js';
export { MATRIX_CSRF, MATRIX_ROLES, roleClient, type MatrixRole, type RoleClient } from './role-matrix.js';
export { mailText, startSmtpSink, type AcceptedMail, type SinkAnswer, type SmtpSink } from './smtp-sink.js';
export { pairedTiming, medianGap, type PairKind, type PairedTimingRound } from './paired-timing.js';
export { publishAgain } from './republish.js';
