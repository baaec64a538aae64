import { AppError, type FieldError } from './app-error.js';

/**
 * Errors shared by every service. Service-specific codes live next to their domain
 * (`REGISTRATION.*`, `INTAKE.*`, ...). Messages are Polish: they reach people.
 */
export const CommonErrors = {
  validation: (errors: FieldError[]) =>
    new AppError('COMMON.VALIDATION', 'Przesłane dane są niepoprawne. Popraw wskazane pola.', {
      status: 400,
      errors,
    }),
  malformedBody: () =>
    new AppError('COMMON.MALFORMED_BODY', 'Treść żądania nie jest poprawnym dokumentem JSON.', {
      status: 400,
    }),
  unsupportedMediaType: (expected: string) =>
    new AppError('COMMON.UNSUPPORTED_MEDIA_TYPE', `Nieobsługiwany typ treści. Oczekiwano: ${expected}.`, { status: 415 }),
  payloadTooLarge: () => new AppError('COMMON.PAYLOAD_TOO_LARGE', 'Przesłane dane są zbyt duże.', { status: 413 }),
  notFound: () => new AppError('COMMON.NOT_FOUND', 'Nie znaleziono żądanego zasobu.', { status: 404 }),
  methodNotAllowed: () =>
    new AppError('COMMON.METHOD_NOT_ALLOWED', 'Ta metoda nie jest obsługiwana dla tego adresu.', {
      status: 405,
    }),
  unavailable: (what: string, cause?: unknown) =>
    new AppError('COMMON.DEPENDENCY_UNAVAILABLE', 'Usługa jest chwilowo niedostępna. Spróbuj ponownie za kilka minut.', {
      status: 503,
      cause,
      details: { dependency: what },
    }),
  idempotencyConflict: () =>
    new AppError('COMMON.IDEMPOTENCY_CONFLICT', 'Ten klucz Idempotency-Key został już użyty z inną treścią żądania.', { status: 422 }),
  internal: (cause?: unknown) =>
    new AppError(
      'COMMON.INTERNAL',
      'Wystąpił nieoczekiwany błąd. Spróbuj ponownie później; jeśli błąd się powtarza, skontaktuj się z administratorem.',
      { status: 500, cause },
    ),
} as const;
