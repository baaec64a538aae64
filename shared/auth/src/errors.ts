import { AppError } from '@cas/errors';

/**
 * Errors raised by `@cas/auth`. Messages are Polish (they may reach people); the technical reason is only ever
 * attached as `cause`, for logs.
 */
export const AuthErrors = {
  /** Any failure to verify a session token. One code and one message whatever the reason: callers learn nothing. */
  invalidToken: (cause?: unknown) =>
    new AppError('AUTH.INVALID_TOKEN', 'Sesja wygasła lub jest nieprawidłowa. Zaloguj się ponownie.', { status: 401, cause }),
  noSigningKey: () =>
    new AppError('AUTH.NO_SIGNING_KEY', 'Logowanie jest chwilowo niedostępne. Spróbuj ponownie za kilka minut.', { status: 503 }),
  invalidClaims: (cause?: unknown) =>
    new AppError('AUTH.INVALID_CLAIMS', 'Wystąpił błąd podczas logowania. Spróbuj ponownie później.', { status: 500, cause }),
  sealedKeyInvalid: (cause?: unknown) =>
    new AppError('AUTH.SEALED_KEY_INVALID', 'Klucz podpisu jest uszkodzony lub zaszyfrowany innym sekretem.', { status: 500, cause }),
  weakSecret: () =>
    new AppError('AUTH.WEAK_SECRET', 'Sekret szyfrujący klucze jest za krótki (wymagane co najmniej 32 znaki).', { status: 500 }),
  encryptedMessageInvalid: (cause?: unknown) =>
    new AppError('AUTH.JWE_INVALID', 'Nie udało się odszyfrować wiadomości.', { status: 500, cause }),
} as const;
