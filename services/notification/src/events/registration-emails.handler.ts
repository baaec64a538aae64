import { RegistrationEvents, type EventData, type Envelope } from '@cas/contracts';
import type { TypedQueue } from '@cas/queue';
import { applicationSubmittedEmail } from '../domain/templates.js';
import { DELIVERY_STATUS, deliveryId, messageIdFor } from '../domain/delivery.js';
import type { DeliveryRepository } from '../store/delivery.repository.js';
import type { emailQueue } from '../jobs/queues.js';

export interface EmailHandlerDeps {
  deliveries: DeliveryRepository;
  queue: TypedQueue<typeof emailQueue>;
  portalBaseUrl: string;
  messageIdDomain: string;
}

/**
 * Turns an event into a ledger claim plus a `send-email` job. Both steps are idempotent (ledger key and job
 * id are the same deterministic key), so a redelivered event changes nothing.
 */
export async function enqueueEmail(
  deps: EmailHandlerDeps,
  event: Envelope,
  template: string,
  recipient: string,
  rendered: { subject: string; text: string; html: string },
): Promise<void> {
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

export function registrationEmailHandlers(deps: EmailHandlerDeps) {
  return {
    [RegistrationEvents.applicationSubmitted.subject]: async (event: Envelope) => {
      const data = event.data as EventData<typeof RegistrationEvents.applicationSubmitted>;
      await enqueueEmail(deps, event, 'application-submitted', data.user.email, applicationSubmittedEmail(data, deps.portalBaseUrl));
    },
  };
}
