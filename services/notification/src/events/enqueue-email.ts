import { AppError } from '@cas/errors';
import type { TypedQueue } from '@cas/queue';
import type { RenderedEmail, TemplateName } from '../domain/templates/index.js';
import { DELIVERY_STATUS, deliveryId, messageIdFor } from '../domain/delivery.js';
import type { DeliveryRepository } from '../store/delivery.repository.js';
import type { emailQueue } from '../jobs/queues.js';
import type { ContactRepository } from '../store/contact.repository.js';
import type { CatalogueClient } from '../clients/catalogue.client.js';

export interface EnqueueDeps {
  deliveries: DeliveryRepository;
  queue: TypedQueue<typeof emailQueue>;
  messageIdDomain: string;
}

/**
 * One mailbox, nothing a mail library would read as a list or a header (`a@x, b@y`, CR/LF, `<…>`). Unicode
 * local parts and IDN domains pass (nodemailer sends them with SMTPUTF8 / punycode); at most 254 characters.
 */
const SINGLE_ADDRESS = /^[^\s@,;:<>()[\]\\"]{1,64}@[^\s@,;:<>()[\]\\"]{1,253}$/u;

export function isSendableAddress(recipient: string): boolean {
  return recipient.length <= 254 && SINGLE_ADDRESS.test(recipient) && !/[\u0000-\u001f\u007f\u2028\u2029]/.test(recipient);
}

export interface EmailToSend {
  /** The event (or the digest's day and voivodeship) the e-mail answers: with template and recipient, the ledger key. */
  sourceId: string;
  template: TemplateName;
  recipient: string;
  rendered: RenderedEmail & { secret?: string };
  /**
   * The office whose administrators see the delivery if it fails: known from the application, or that of a user
   * (`{ ofUser }`), which the ledger looks up only if the e-mail fails for good; null: the central administrator.
   */
  voivodeship: string | null | { ofUser: string };
}

/**
 * Claims the delivery in the ledger and adds its `send-email` job. Both steps are idempotent (the ledger key and
 * the job id are the same deterministic key), so a redelivered event or a repeated digest changes nothing.
 */
export async function enqueueEmail(deps: EnqueueDeps, e: EmailToSend): Promise<void> {
  if (!isSendableAddress(e.recipient)) {
    // A 4xx AppError: the consumer dead-letters the event instead of retrying it.
    throw new AppError('NOTIFICATION.BAD_RECIPIENT', 'Adres e-mail odbiorcy jest niepoprawny.', {
      status: 422,
      details: { template: e.template },
    });
  }
  const id = deliveryId(e.sourceId, e.template, e.recipient);
  const messageId = messageIdFor(e.sourceId, e.template, deps.messageIdDomain);
  const fresh = await deps.deliveries.claim({
    id,
    eventId: e.sourceId,
    template: e.template,
    recipient: e.recipient,
    ...e.rendered,
    messageId,
    ...(typeof e.voivodeship === 'object' && e.voivodeship !== null
      ? { voivodeship: null, voivodeshipOfUser: e.voivodeship.ofUser }
      : { voivodeship: e.voivodeship }),
    status: DELIVERY_STATUS.claimed,
    attempts: 0,
    createdAt: new Date(),
  });
  const { secret, subject, text, html } = e.rendered;
  // A fresh claim's job carries the message, so its first run need not read the ledger back; a repeated claim (a
  // redelivered event) adds a plain job, which reads the ledger and sees whether the e-mail went out already.
  const payload =
    fresh && !secret
      ? { deliveryId: id, fresh: { recipient: e.recipient, template: e.template, messageId, subject, text, html } }
      : { deliveryId: id };
  // A job that will hold a decrypted password in its worker's memory leaves no trace in Redis once done.
  await deps.queue.add('send-email', payload, { jobId: id, ...(secret ? { removeOnComplete: true } : {}) });
}

/** What every e-mail handler needs: the ledger and queue, notification's contacts, the catalogue, the portal's URL. */
export interface EmailHandlerDeps extends EnqueueDeps {
  contacts: ContactRepository;
  catalogue: CatalogueClient;
  portalBaseUrl: string;
}

/**
 * An event about an application or request whose first event has not been seen yet (the streams are consumed
 * independently). Transient: the consumer redelivers it with backoff, and the contact is normally there by then.
 */
export function notKnownYet(what: string, id: string): Error {
  return new Error(`${what} ${id} not known yet; will retry`);
}
