import { randomBytes } from 'node:crypto';
import { createEvent, RegistrationEvents, type EventData, type Envelope, type Grant } from '@cas/contracts';
import { isNewUnit, type ApplicationInput } from './application-input.js';
import { verificationCode } from './verification-code.js';

export const APPLICATION_STATUS = {
  awaitingDocument: 'awaiting-document',
  documentReceived: 'document-received',
  approved: 'approved',
  rejected: 'rejected',
  expired: 'expired',
  withdrawn: 'withdrawn',
} as const;
export type ApplicationStatus = (typeof APPLICATION_STATUS)[keyof typeof APPLICATION_STATUS];

export interface UnitSnapshot {
  id: string;
  isNew: boolean;
  name: string;
  type: string;
  regon: string;
  nip?: string;
  teryt: string;
  address?: { street: string; postalCode: string; city: string };
  managerName?: string;
  email?: string;
  phone?: string;
}

export interface Application {
  id: string;
  number: string;
  voivodeship: string;
  kind: 'new-unit' | 'existing-unit';
  status: ApplicationStatus;
  unit: UnitSnapshot;
  user: {
    id: string;
    firstName: string;
    lastName: string;
    email: string;
    phone: string;
    position: string;
    login: string;
    loginLower: string;
    passwordHash: string;
  };
  grants: Grant[];
  verificationCode: string;
  /** Unguessable token in the printable form's URL. */
  formToken: string;
  submittedAt: Date;
  expiresAt: Date;
  timeline: { status: ApplicationStatus; at: Date }[];
}

/** Voivodeship = first two digits of the unit's TERYT (DESIGN §2). */
export const voivodeshipOf = (teryt: string): string => teryt.slice(0, 2);

/** `26/2026/000123`. */
export const formatApplicationNumber = (voivodeship: string, year: number, seq: number): string =>
  `${voivodeship}/${year}/${String(seq).padStart(6, '0')}`;

export interface NewApplicationArgs {
  input: ApplicationInput;
  /** Ids chosen before the write, so reservations made earlier point at this application. */
  ids: { applicationId: string; userId: string; unitId: string };
  /** The existing unit when the applicant joins one; undefined for a new unit. */
  existingUnit?: UnitSnapshot;
  number: string;
  passwordHash: string;
  now: Date;
  expiryDays: number;
  codeKey: string;
  correlationId: string;
}

/** An application number as a URL path segment (`26/2026/000123` → `26-2026-000123`). */
export const numberToPath = (n: string) => n.replace(/\//g, '-');

/** The printable form's path on the portal; the token makes it unguessable (only the applicant gets it). */
export const printableFormPath = (number: string, formToken: string) => `/wnioski/${numberToPath(number)}/formularz?t=${formToken}`;

/** Decides the new application and the event it emits; pure, no I/O. */
export function submitApplication(args: NewApplicationArgs): {
  application: Application;
  event: Envelope<EventData<typeof RegistrationEvents.applicationSubmitted>>;
} {
  const { input, now } = args;
  const unit: UnitSnapshot = isNewUnit(input.unit)
    ? {
        id: args.ids.unitId,
        isNew: true,
        name: input.unit.name,
        type: input.unit.type,
        regon: input.unit.regon,
        ...(input.unit.nip ? { nip: input.unit.nip } : {}),
        teryt: input.unit.teryt,
        address: input.unit.address,
        managerName: input.unit.managerName,
        email: input.unit.email,
        phone: input.unit.phone,
      }
    : (args.existingUnit as UnitSnapshot);
  const { password: _password, ...userInput } = input.user;
  const user = {
    ...userInput,
    id: args.ids.userId,
    loginLower: userInput.login.toLowerCase(),
    passwordHash: args.passwordHash,
  };
  const voivodeship = voivodeshipOf(unit.teryt);
  const expiresAt = new Date(now.getTime() + args.expiryDays * 86_400_000);
  const formData = { unit, user: { ...userInput }, grants: input.grants };
  const application: Application = {
    id: args.ids.applicationId,
    number: args.number,
    voivodeship,
    kind: unit.isNew ? 'new-unit' : 'existing-unit',
    status: APPLICATION_STATUS.awaitingDocument,
    unit,
    user,
    grants: input.grants,
    verificationCode: verificationCode(args.codeKey, args.number, formData),
    formToken: randomBytes(24).toString('base64url'),
    submittedAt: now,
    expiresAt,
    timeline: [{ status: APPLICATION_STATUS.awaitingDocument, at: now }],
  };
  const { passwordHash: _h, loginLower: _l, ...publicUser } = user;
  const event = createEvent(
    RegistrationEvents.applicationSubmitted,
    {
      applicationId: application.id,
      number: application.number,
      voivodeship,
      kind: application.kind,
      unit,
      user: publicUser,
      grants: application.grants,
      verificationCode: application.verificationCode,
      submittedAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      formPath: printableFormPath(application.number, application.formToken),
    },
    { source: 'registration', correlationId: args.correlationId },
  );
  return { application, event };
}
