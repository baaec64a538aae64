import { RegistrationEvents, type EventData, type Envelope } from '@cas/contracts';
import {
  accountActivatedEmail,
  accountBlockedEmail,
  accountClosedEmail,
  emailChangeEmail,
  passwordReminderEmail,
  permissionsGrantedEmail,
  TEMPLATES,
} from '../domain/templates/index.js';
import { enqueueEmail, type EmailHandlerDeps } from './enqueue-email.js';

/**
 * E-mails about accounts (REGISTRATION stream; keys filter `notification--registration-emails`). Each delivery
 * names the user whose voivodeship (known to notification from the activated application) scopes it: the ledger
 * looks it up if the e-mail fails for good, so that office's administrators see it, and reads nothing for the
 * e-mails that go out.
 */
export function accountEmailHandlers(deps: EmailHandlerDeps) {
  const url = deps.portalBaseUrl;
  const ofUser = (userId: string) => ({ ofUser: userId });
  return {
    [RegistrationEvents.accountActivated.subject]: async (event: Envelope) => {
      const d = event.data as EventData<typeof RegistrationEvents.accountActivated>;
      const contact = d.applicationId ? await deps.contacts.application(d.applicationId) : null;
      if (contact) await deps.contacts.setUserVoivodeship(d.userId, contact.voivodeship);
      await enqueueEmail(deps, {
        sourceId: event.id,
        template: TEMPLATES.accountActivated,
        recipient: d.email,
        rendered: accountActivatedEmail(d, url),
        voivodeship: contact?.voivodeship ?? ofUser(d.userId),
      });
    },
    [RegistrationEvents.accountClosed.subject]: async (event: Envelope) => {
      const d = event.data as EventData<typeof RegistrationEvents.accountClosed>;
      // Closed because its application was rejected: the rejection e-mail (approval's event) already says so.
      if (d.applicationId) return;
      await enqueueEmail(deps, {
        sourceId: event.id,
        template: TEMPLATES.accountClosed,
        recipient: d.email,
        rendered: accountClosedEmail(d, url),
        voivodeship: ofUser(d.userId),
      });
    },
    [RegistrationEvents.accountBlocked.subject]: async (event: Envelope) => {
      const d = event.data as EventData<typeof RegistrationEvents.accountBlocked>;
      await enqueueEmail(deps, {
        sourceId: event.id,
        template: TEMPLATES.accountBlocked,
        recipient: d.email,
        rendered: accountBlockedEmail(d, url),
        voivodeship: ofUser(d.userId),
      });
    },
    [RegistrationEvents.passwordReminderIssued.subject]: async (event: Envelope) => {
      const d = event.data as EventData<typeof RegistrationEvents.passwordReminderIssued>;
      // The ledger keeps the placeholder and the JWE; the send job decrypts right before SMTP.
      await enqueueEmail(deps, {
        sourceId: event.id,
        template: TEMPLATES.passwordReminder,
        recipient: d.email,
        rendered: { ...passwordReminderEmail(d, url), secret: d.encryptedTemporaryPassword },
        voivodeship: ofUser(d.userId),
      });
    },
    [RegistrationEvents.permissionsGranted.subject]: async (event: Envelope) => {
      const d = event.data as EventData<typeof RegistrationEvents.permissionsGranted>;
      await enqueueEmail(deps, {
        sourceId: event.id,
        template: TEMPLATES.permissionsGranted,
        recipient: d.email,
        rendered: permissionsGrantedEmail(d, url),
        voivodeship: ofUser(d.userId),
      });
    },
    [RegistrationEvents.emailChangeRequested.subject]: async (event: Envelope) => {
      const d = event.data as EventData<typeof RegistrationEvents.emailChangeRequested>;
      await enqueueEmail(deps, {
        sourceId: event.id,
        template: TEMPLATES.emailChange,
        recipient: d.newEmail,
        rendered: emailChangeEmail(d),
        voivodeship: ofUser(d.userId),
      });
    },
  };
}
