import { isAppError, type AppError } from '@cas/errors';
import { expect } from 'vitest';
import type { SessionClaims } from '../src/index.js';

export const ISSUER = 'https://cas.example/registration';
export const AUDIENCE = 'cas-rejestracja';
export const INVALID_TOKEN_MESSAGE = 'Sesja wygasła lub jest nieprawidłowa. Zaloguj się ponownie.';

export const claims = (overrides: Partial<SessionClaims> = {}): SessionClaims => ({
  sub: 'user-42',
  sid: 'session-7',
  role: 'voivodeship-admin',
  voivodeship: '26',
  unitId: null,
  login: 'jnowak',
  name: 'Jan Nowak',
  authTime: 1_764_000_000,
  mfa: true,
  mustChangePassword: false,
  ...overrides,
});

/** Awaits a rejection and returns the AppError (fails the test when it resolves or throws something else). */
export async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isAppError(error), `expected an AppError, got ${String(error)}`).toBe(true);
  return error as AppError;
}

/** Like `rejection` for synchronous code. */
export function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(isAppError(error), `expected an AppError, got ${String(error)}`).toBe(true);
    return error as AppError;
  }
  throw new Error('expected the call to throw');
}

/** Asserts the one public face of every verification failure and returns the hidden reason's jose code. */
export async function invalidTokenReason(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await rejection(promise);
  expect(error.code).toBe('AUTH.INVALID_TOKEN');
  expect(error.status).toBe(401);
  expect(error.message).toBe(INVALID_TOKEN_MESSAGE);
  const cause: unknown = error.cause;
  return typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
}

export const b64uJson = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
export const fromB64uJson = (part: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
