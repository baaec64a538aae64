import { ApprovalEvents, RegistrationEvents, type EventData, type Envelope } from '@cas/contracts';
import { permissionRequestReceivedEmail, permissionRequestRejectedEmail, TEMPLATES } from '../domain/templates/index.js';
import { enqueueEmail, notKnownYet, type EmailHandlerDeps } from './enqueue-email.js';

/**
 * "Wnioskuj o rozszerzenie uprawnień": the receipt (REGISTRATION stream). An approval is told by registration's
 * `permissions.granted` e-mail once the grant is applied (account-emails.handler.ts).
 */
export function permissionRequestHandlers(deps: EmailHandlerDeps) {
  return {
    [RegistrationEvents.permissionRequestSubmitted.subject]: async (event: Envelope) => {
      const d = event.data as EventData<typeof RegistrationEvents.permissionRequestSubmitted>;
      await deps.contacts.savePermissionRequest({
        requestId: d.requestId,
        email: d.user.email,
        name: { firstName: d.user.firstName, lastName: d.user.lastName },
        targetUnitName: d.targetUnit.name,
        subAreas: d.subAreas,
        voivodeship: d.voivodeship,
      });
      await enqueueEmail(deps, {
        sourceId: event.id,
        template: TEMPLATES.permissionRequestReceived,
        recipient: d.user.email,
        rendered: permissionRequestReceivedEmail(d, deps.portalBaseUrl),
        voivodeship: d.voivodeship,
      });
    },
  };
}

/** A rejected permission request, with the administrator's reason (APPROVAL stream). */
export function permissionDecisionHandlers(deps: EmailHandlerDeps) {
  return {
    [ApprovalEvents.permissionRequestRejected.subject]: async (event: Envelope) => {
      const d = event.data as EventData<typeof ApprovalEvents.permissionRequestRejected>;
      const request = await deps.contacts.permissionRequest(d.requestId);
      if (!request) throw notKnownYet('permission request', d.requestId);
      await enqueueEmail(deps, {
        sourceId: event.id,
        template: TEMPLATES.permissionRequestRejected,
        recipient: request.email,
        rendered: permissionRequestRejectedEmail(request, d, deps.portalBaseUrl),
        voivodeship: request.voivodeship,
      });
    },
  };
}
