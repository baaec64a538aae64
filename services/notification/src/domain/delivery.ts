import { createHash } from 'node:crypto';

export const DELIVERY_STATUS = { claimed: 'claimed', sent: 'sent', failed: 'failed' } as const;
export type DeliveryStatus = (typeof DELIVERY_STATUS)[keyof typeof DELIVERY_STATUS];

export interface Delivery {
  id: string;
  eventId: string;
  template: string;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  /**
   * A compact JWE the send job decrypts and fills into the placeholder of `text`/`html` right before SMTP
   * (the temporary password: never stored in plaintext). Removed once the e-mail is sent.
   */
  secret?: string;
  messageId: string;
  /** The office whose administrators see this delivery if it fails (null: only the central administrator). */
  voivodeship: string | null;
  /**
   * The user whose office that is, for an e-mail about an account: looked up only if the delivery fails for good
   * (`voivodeship` is then filled in), not for every e-mail sent.
   */
  voivodeshipOfUser?: string;
  status: DeliveryStatus;
  attempts: number;
  smtpResponse?: string;
  lastError?: string;
  createdAt: Date;
  sentAt?: Date;
  failedAt?: Date;
  /** Set when an administrator asked for another try of a failed delivery. */
  retriedAt?: Date;
  retriedBy?: string;
}

/**
 * Ledger key (DESIGN §6): unique on (event, template, recipient). Also the BullMQ job id, so it must not
 * contain `:`; the recipient is hashed to keep addresses out of Redis keys.
 */
export function deliveryId(eventId: string, template: string, recipient: string): string {
  const r = createHash('sha256').update(recipient.toLowerCase()).digest('hex').slice(0, 16);
  return `${eventId}--${template}--${r}`;
}

/** Deterministic Message-ID: a resend after a crash carries the same id, so mail systems can de-duplicate. */
export function messageIdFor(eventId: string, template: string, domain: string): string {
  return `<${eventId}.${template}@${domain}>`;
}
