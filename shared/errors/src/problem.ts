import { type AppError, isAppError, type FieldError } from './app-error.js';
import { CommonErrors } from './codes.js';

/** RFC 9457 problem details, with the `errors` extension of the design handbook (§5.2). */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors: FieldError[];
  instance?: string;
  correlationId?: string;
}

const TITLES: Record<number, string> = {
  400: 'Niepoprawne żądanie',
  401: 'Wymagane uwierzytelnienie',
  403: 'Brak uprawnień',
  404: 'Nie znaleziono',
  405: 'Niedozwolona metoda',
  409: 'Konflikt',
  413: 'Zbyt duże żądanie',
  415: 'Nieobsługiwany typ treści',
  422: 'Nie można przetworzyć żądania',
  429: 'Zbyt wiele żądań',
  500: 'Błąd serwera',
  503: 'Usługa niedostępna',
};

/** `type` URIs are stable, dereferenceable-in-docs identifiers derived from the error code. */
export const problemTypeFor = (code: string): string => `urn:cas-rejestracja:problem:${code.toLowerCase().replace(/[^a-z0-9.]+/g, '-')}`;

export function toAppError(e: unknown): AppError {
  return isAppError(e) ? e : CommonErrors.internal(e);
}

export function toProblem(e: unknown, extras: { instance?: string; correlationId?: string } = {}): ProblemDetails {
  const err = toAppError(e);
  const problem: ProblemDetails = {
    type: problemTypeFor(err.code),
    title: TITLES[err.status] ?? 'Błąd',
    status: err.status,
    detail: err.message,
    code: err.code,
    errors: err.errors,
  };
  if (extras.instance) problem.instance = extras.instance;
  if (extras.correlationId) problem.correlationId = extras.correlationId;
  return problem;
}
