import { ApprovalEvents, IntakeEvents, RegistrationEvents, type EventData, type Envelope } from '@cas/contracts';
import {
  applicationExpiredEmail,
  applicationRejectedEmail,
  applicationRemindedEmail,
  applicationSubmittedEmail,
  scanReceivedEmail,
  TEMPLATES,
} from '../domain/templates/index.js';
import { CONTACT_STATE } from '../store/contact.repository.js';
import { enqueueEmail, notKnownYet, type EmailHandlerDeps } from './enqueue-email.js';

/** The applicant's contact, or a transient error when the submission has not been seen yet. */
async function contactOf(deps: EmailHandlerDeps, applicationId: string) {
  const contact = await deps.contacts.application(applicationId);
  if (!contact) throw notKnownYet('application', applicationId);
  return contact;
}

/**
 * E-mails about an application, from registration's events (REGISTRATION stream). The keys are also the
 * server-side filter of the `notification--registration-emails` consumer.
 */
export function applicationRegistrationHandlers(deps: EmailHandlerDeps) {
  const url = deps.portalBaseUrl;
  return {
    [RegistrationEvents.applicationSubmitted.subject]: async (event: Envelope) => {
      const d = event.data as EventData<typeof RegistrationEvents.applicationSubmitted>;
      await deps.contacts.saveApplication({
        applicationId: d.applicationId,
        number: d.number,
        voivodeship: d.voivodeship,
        email: d.user.email,
        name: { firstName: d.user.firstName, lastName: d.user.lastName },
        unitName: d.unit.name,
        submittedAt: d.submittedAt,
        expiresAt: d.expiresAt,
        formPath: d.formPath ?? null,
      });
      const office = (await deps.catalogue.voivodeship(d.voivodeship))?.office ?? null;
      await enqueueEmail(deps, {
        sourceId: event.id,
        template: TEMPLATES.applicationSubmitted,
        recipient: d.user.email,
        rendered: applicationSubmittedEmail(d, url, office),
        voivodeship: d.voivodeship,
      });
    },
    [RegistrationEvents.applicationReminded.subject]: async (event: Envelope) => {
      const d = event.data as EventData<typeof RegistrationEvents.applicationReminded>;
      const contact = await contactOf(deps, d.applicationId);
      // A scan may have arrived since registration decided to remind: then the reminder would only confuse.
      if (contact.state !== CONTACT_STATE.awaitingDocument) return;
      const office = (await deps.catalogue.voivodeship(contact.voivodeship))?.office ?? null;
      await enqueueEmail(deps, {
        sourceId: event.id,
        template: TEMPLATES.applicationReminded,
        recipient: contact.email,
        rendered: applicationRemindedEmail(contact, office, url),
        voivodeship: contact.voivodeship,
      });
    },
    [RegistrationEvents.applicationExpired.subject]: async (event: Envelope) => {
      const d = event.data as EventData<typeof RegistrationEvents.applicationExpired>;
      const contact = await contactOf(deps, d.applicationId);
      await deps.contacts.advance(d.applicationId, CONTACT_STATE.closed, d.at);
      await enqueueEmail(deps, {
        sourceId: event.id,
        template: TEMPLATES.applicationExpired,
        recipient: contact.email,
        rendered: applicationExpiredEmail(contact, url),
        voivodeship: contact.voivodeship,
      });
    },
    // Withdrawn by the applicant: nothing to tell them, but it no longer waits for anyone.
    [RegistrationEvents.applicationWithdrawn.subject]: async (event: Envelope) => {
      const d = event.data as EventData<typeof RegistrationEvents.applicationWithdrawn>;
      await deps.contacts.advance(d.applicationId, CONTACT_STATE.closed, d.at);
    },
  };
}

/** The receipt for a signed form (INTAKE stream; keys filter `notification--intake-emails`). */
export function applicationIntakeHandlers(deps: EmailHandlerDeps) {
  return {
    [IntakeEvents.scanMatched.subject]: async (event: Envelope) => {
      const d = event.data as EventData<typeof IntakeEvents.scanMatched>;
      const contact = await contactOf(deps, d.applicationId);
      // A scan that arrived after the application was decided or expired gets no "waits for review" receipt; one
      // that arrived before gets it even if this consumer reads the decision's stream faster than intake's.
      if (contact.state === CONTACT_STATE.closed && (contact.closedAt === null || Date.parse(d.receivedAt) >= Date.parse(contact.closedAt)))
        return;
      await deps.contacts.advance(d.applicationId, CONTACT_STATE.readyForReview);
      await enqueueEmail(deps, {
        sourceId: event.id,
        template: TEMPLATES.scanReceived,
        recipient: contact.email,
        rendered: scanReceivedEmail(contact, d, deps.portalBaseUrl),
        voivodeship: contact.voivodeship,
      });
    },
  };
}

/**
 * Decisions on applications (APPROVAL stream; keys filter `notification--approval-emails`). An approval sends
 * nothing here: registration activates the account and its `account.activated` e-mail carries the login link.
 * A rejection is told here, with the reason from the list and the admin's words; registration's
 * `account.closed` for that application stays silent (account-emails.handler.ts), so the applicant gets one e-mail.
 */
export function applicationDecisionHandlers(deps: EmailHandlerDeps) {
  return {
    [ApprovalEvents.applicationApproved.subject]: async (event: Envelope) => {
      const d = event.data as EventData<typeof ApprovalEvents.applicationApproved>;
      await deps.contacts.advance(d.applicationId, CONTACT_STATE.closed, d.decidedAt);
    },
    [ApprovalEvents.applicationRejected.subject]: async (event: Envelope) => {
      const d = event.data as EventData<typeof ApprovalEvents.applicationRejected>;
      const contact = await contactOf(deps, d.applicationId);
      await deps.contacts.advance(d.applicationId, CONTACT_STATE.closed, d.decidedAt);
      await enqueueEmail(deps, {
        sourceId: event.id,
        template: TEMPLATES.applicationRejected,
        recipient: contact.email,
        rendered: applicationRejectedEmail(contact, d, deps.portalBaseUrl),
        voivodeship: contact.voivodeship,
      });
    },
  };
}
