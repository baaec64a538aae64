import type { EventData, RegistrationEvents } from '@cas/contracts';

/** What notification knows about an application's applicant (built from registration.application.submitted.v1). */
export interface ApplicationContact {
  applicationId: string;
  /** Human number `WW/YYYY/NNNNNN`. */
  number: string;
  /** Voivodeship TERYT code. */
  voivodeship: string;
  email: string;
  name: { firstName: string; lastName: string };
  unitName: string;
  /** ISO date-time. */
  submittedAt: string;
  /** ISO date-time: the deadline for the signed form. */
  expiresAt: string;
  /** Path on the portal to the printable form, e.g. `/wnioski/26-2026-000001/formularz?t=abc`. */
  formPath: string | null;
}

/** The voivodeship office that receives the signed forms (from registration's catalogue). */
export interface Office {
  name: string;
  /** ePUAP / e-Doręczenia box, e.g. `/SUWKielce/SkrytkaESP`. */
  epuapBox?: string;
  email?: string;
  /** The department behind `email`, e.g. `Wydział Polityki Społecznej i Zdrowia`. */
  department?: string;
}

/** What notification knows about a permission request (from registration.permission-request.submitted.v1). */
export interface PermissionRequestContact {
  requestId: string;
  email: string;
  name: { firstName: string; lastName: string };
  targetUnitName: string;
  subAreas: { area: string; subArea: string }[];
  voivodeship: string;
}

/** The contact notification keeps from registration.application.submitted.v1. */
export function applicationContactFrom(data: EventData<typeof RegistrationEvents.applicationSubmitted>): ApplicationContact {
  return {
    applicationId: data.applicationId,
    number: data.number,
    voivodeship: data.voivodeship,
    email: data.user.email,
    name: { firstName: data.user.firstName, lastName: data.user.lastName },
    unitName: data.unit.name,
    submittedAt: data.submittedAt,
    expiresAt: data.expiresAt,
    formPath: data.formPath ?? null,
  };
}

/** The contact notification keeps from registration.permission-request.submitted.v1. */
export function permissionRequestContactFrom(
  data: EventData<typeof RegistrationEvents.permissionRequestSubmitted>,
): PermissionRequestContact {
  return {
    requestId: data.requestId,
    email: data.user.email,
    name: { firstName: data.user.firstName, lastName: data.user.lastName },
    targetUnitName: data.targetUnit.name,
    subAreas: data.subAreas.map((g) => ({ area: g.area, subArea: g.subArea })),
    voivodeship: data.voivodeship,
  };
}
