import { z } from 'zod';
import { defineEvent } from '../envelope.js';
import { applicationNumber, email, grant, id, isoDateTime, personName, voivodeshipCode } from '../common.js';

/** Subjects are stored names: do not rename (a new version is a new subject, `.v2`). */

const address = z.strictObject({
  street: z.string().min(1).max(200),
  postalCode: z.string().regex(/^\d{2}-\d{3}$/),
  city: z.string().min(1).max(100),
});

export const applicationUnit = z.strictObject({
  id,
  isNew: z.boolean(),
  name: z.string().min(1).max(300),
  type: z.string().min(1).max(64),
  regon: z.string().regex(/^(\d{9}|\d{14})$/),
  nip: z
    .string()
    .regex(/^\d{10}$/)
    .optional(),
  teryt: z.string().regex(/^\d{7}$/),
  address: address.optional(),
  managerName: z.string().min(1).max(200).optional(),
  email: email.optional(),
  phone: z.string().max(20).optional(),
});

export const applicationUser = personName.extend({
  id,
  email,
  phone: z.string().max(20),
  position: z.string().min(1).max(200),
  login: z.string().min(3).max(64),
});

export const applicationSubmitted = defineEvent(
  'registration.application.submitted.v1',
  z.strictObject({
    applicationId: id,
    number: applicationNumber,
    voivodeship: voivodeshipCode,
    kind: z.enum(['new-unit', 'existing-unit']),
    unit: applicationUnit,
    user: applicationUser,
    grants: z.array(grant).min(1).max(50),
    verificationCode: z.string().regex(/^[A-Z2-7]{8}$/),
    submittedAt: isoDateTime,
    expiresAt: isoDateTime,
    /** The printable form on the portal (path with its unguessable token), for the applicant's e-mail. */
    formPath: z
      .string()
      .regex(/^\/wnioski\/[\w-]+\/formularz\?t=[\w-]+$/)
      .max(300)
      .optional(),
  }),
);

const applicationLifecycle = z.strictObject({
  applicationId: id,
  number: applicationNumber,
  voivodeship: voivodeshipCode,
  reason: z.string().min(1).max(500),
  at: isoDateTime,
});

export const applicationReminded = defineEvent('registration.application.reminded.v1', applicationLifecycle);
export const applicationExpired = defineEvent('registration.application.expired.v1', applicationLifecycle);
export const applicationWithdrawn = defineEvent('registration.application.withdrawn.v1', applicationLifecycle);

const unitRef = z.strictObject({ id, name: z.string().min(1).max(300) });

export const accountActivated = defineEvent(
  'registration.account.activated.v1',
  z.strictObject({
    userId: id,
    login: z.string().min(3).max(64),
    email,
    name: personName,
    unit: unitRef,
    grants: z.array(grant),
    applicationId: id.optional(),
  }),
);

export const accountClosed = defineEvent(
  'registration.account.closed.v1',
  z.strictObject({
    userId: id,
    login: z.string().min(3).max(64),
    email,
    name: personName,
    reason: z.string().min(1).max(1000),
    applicationId: id.optional(),
  }),
);

export const accountBlocked = defineEvent(
  'registration.account.blocked.v1',
  z.strictObject({
    userId: id,
    login: z.string().min(3).max(64),
    email,
    failedAttempts: z.number().int().positive(),
    blockedAt: isoDateTime,
  }),
);

export const passwordReminderIssued = defineEvent(
  'registration.account.password-reminder-issued.v1',
  z.strictObject({
    userId: id,
    email,
    name: personName,
    /** Compact JWE for the notification service's public key; never the plaintext. */
    encryptedTemporaryPassword: z.string().regex(/^[A-Za-z0-9_-]*(\.[A-Za-z0-9_-]*){4}$/),
    expiresAt: isoDateTime,
  }),
);

export const permissionRequestSubmitted = defineEvent(
  'registration.permission-request.submitted.v1',
  z.strictObject({
    requestId: id,
    user: personName.extend({ id, login: z.string().min(3).max(64), email }),
    targetUnit: z.strictObject({
      id,
      name: z.string().min(1).max(300),
      regon: z.string().regex(/^(\d{9}|\d{14})$/),
      teryt: z.string().regex(/^\d{7}$/),
    }),
    voivodeship: voivodeshipCode,
    subAreas: z.array(grant).min(1).max(50),
    justification: z.string().min(1).max(2000),
    submittedAt: isoDateTime,
  }),
);

export const permissionsGranted = defineEvent(
  'registration.permissions.granted.v1',
  z.strictObject({
    requestId: id,
    userId: id,
    email,
    grants: z.array(grant).min(1),
  }),
);

/**
 * A user asked to change their e-mail address (Parametry użytkownika): the new address must confirm it through
 * the link before it replaces the old one. The link carries a one-time token (only its hash is stored).
 */
export const emailChangeRequested = defineEvent(
  'registration.account.email-change-requested.v1',
  z.strictObject({
    userId: id,
    login: z.string().min(3).max(64),
    name: personName,
    newEmail: email,
    confirmUrl: z.url().max(2000),
    expiresAt: isoDateTime,
  }),
);
