import { RegistrationEvents, type EventData, type Envelope } from '@cas/contracts';
import { AppError } from '@cas/errors';
import type { TypedQueue } from '@cas/queue';
import {
  accountActivatedEmail,
  accountBlockedEmail,
  accountClosedEmail,
  applicationSubmittedEmail,
  passwordReminderEmail,
  permissionsGrantedEmail,
  emailChangeEmail,
  TEMPLATES,
  type RenderedEmail,
  type TemplateName,
} from '../domain/templates/index.js';
import { DELIVERY_STATUS, deliveryId, messageIdFor } from '../domain/delivery.js';
import type { DeliveryRepository } from '../store/delivery.repository.js';
import type { emailQueue } from '../jobs/queues.js';

export interface EmailHandlerDeps {
  deliveries: DeliveryRepository;
  queue: TypedQueue<typeof emailQueue>;
  portalBaseUrl: string;
  messageIdDomain: string;
}

/** One mailbox, nothing a mail library would read as a list or a header (`a@x, b@y`, CR/LF, `<…>`). */
const SINGLE_ADDRESS = /^[^\s@,;:<>()[\]\\"]+@[^\s@,;:<>()[\]\\"]+$/;

/**
 * Turns an event into a ledger claim plus a `send-email` job. Both steps are idempotent (ledger key and job
 * id are the same deterministic key), so a redelivered event changes nothing.
 */
export async function enqueueEmail(
  deps: EmailHandlerDeps,
  event: Envelope,
  template: TemplateName,
  recipient: string,
  rendered: RenderedEmail & { secret?: string },
): Promise<void> {
  if (!SINGLE_ADDRESS.test(recipient)) {
    // A 4xx AppError: the consumer dead-letters the event instead of retrying it.
    throw new AppError('NOTIFICATION.BAD_RECIPIENT', 'Adres e-mail odbiorcy jest niepoprawny.', { status: 422, details: { template } });
  }
  const id = deliveryId(event.id, template, recipient);
  await deps.deliveries.claim({
    id,
    eventId: event.id,
    template,
    recipient,
    ...rendered,
    messageId: messageIdFor(event.id, template, deps.messageIdDomain),
    status: DELIVERY_STATUS.claimed,
    attempts: 0,
    createdAt: new Date(),
  });
  await deps.queue.add('send-email', { deliveryId: id }, { jobId: id });
}

/** Subjects here are also the server-side filter of the `notification--registration-emails` consumer. */
export function registrationEmailHandlers(deps: EmailHandlerDeps) {
  const url = deps.portalBaseUrl;
  return {
    [RegistrationEvents.applicationSubmitted.subject]: async (event: Envelope) => {
      const data = event.data as EventData<typeof RegistrationEvents.applicationSubmitted>;
      await enqueueEmail(deps, event, TEMPLATES.applicationSubmitted, data.user.email, applicationSubmittedEmail(data, url));
    },
    [RegistrationEvents.accountActivated.subject]: async (event: Envelope) => {
      const data = event.data as EventData<typeof RegistrationEvents.accountActivated>;
      await enqueueEmail(deps, event, TEMPLATES.accountActivated, data.email, accountActivatedEmail(data, url));
    },
    [RegistrationEvents.accountClosed.subject]: async (event: Envelope) => {
      const data = event.data as EventData<typeof RegistrationEvents.accountClosed>;
      await enqueueEmail(deps, event, TEMPLATES.accountClosed, data.email, accountClosedEmail(data, url));
    },
    [RegistrationEvents.accountBlocked.subject]: async (event: Envelope) => {
      const data = event.data as EventData<typeof RegistrationEvents.accountBlocked>;
      await enqueueEmail(deps, event, TEMPLATES.accountBlocked, data.email, accountBlockedEmail(data, url));
    },
    [RegistrationEvents.passwordReminderIssued.subject]: async (event: Envelope) => {
      const data = event.data as EventData<typeof RegistrationEvents.passwordReminderIssued>;
      // The ledger keeps the placeholder and the JWE; the send job decrypts right before SMTP.
      const rendered = { ...passwordReminderEmail(data, url), secret: data.encryptedTemporaryPassword };
      await enqueueEmail(deps, event, TEMPLATES.passwordReminder, data.email, rendered);
    },
    [RegistrationEvents.permissionsGranted.subject]: async (event: Envelope) => {
      const data = event.data as EventData<typeof RegistrationEvents.permissionsGranted>;
      await enqueueEmail(deps, event, TEMPLATES.permissionsGranted, data.email, permissionsGrantedEmail(data, url));
    },
    [RegistrationEvents.emailChangeRequested.subject]: async (event: Envelope) => {
      const data = event.data as EventData<typeof RegistrationEvents.emailChangeRequested>;
      await enqueueEmail(deps, event, TEMPLATES.emailChange, data.newEmail, emailChangeEmail(data));
    },
  };
}
