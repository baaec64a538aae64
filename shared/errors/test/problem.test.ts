import { describe, expect, it } from 'vitest';
import { AppError, CommonErrors, toProblem, zodIssuesToFieldErrors } from '../src/index.js';

describe('problem details', () => {
  it('maps a coded AppError to RFC 9457 JSON with Polish text and field errors', () => {
    const p = toProblem(CommonErrors.validation([{ field: 'user.email', message: 'Niepoprawny adres e-mail.' }]), {
      instance: '/api/v1/applications',
      correlationId: 'abc',
    });
    expect(p).toEqual({
      type: 'urn:cas-rejestracja:problem:common.validation',
      title: 'Niepoprawne żądanie',
      status: 400,
      detail: 'Przesłane dane są niepoprawne. Popraw wskazane pola.',
      code: 'COMMON.VALIDATION',
      errors: [{ field: 'user.email', message: 'Niepoprawny adres e-mail.' }],
      instance: '/api/v1/applications',
      correlationId: 'abc',
    });
  });

  it('hides the message of unknown errors behind a generic 500', () => {
    const p = toProblem(new Error('connection string mongodb://secret@host'));
    expect(p.status).toBe(500);
    expect(p.code).toBe('COMMON.INTERNAL');
    expect(JSON.stringify(p)).not.toContain('secret');
  });

  it('marks only 503/504 as transient', () => {
    expect(CommonErrors.unavailable('nats').transient).toBe(true);
    expect(new AppError('X.Y', 'z', { status: 422 }).transient).toBe(false);
  });

  it('expands unknown keys into one field error each', () => {
    expect(
      zodIssuesToFieldErrors([
        { path: ['user'], message: 'x', code: 'unrecognized_keys', keys: ['admin', 'role'] },
        { path: ['unit', 'regon'], message: 'REGON musi mieć 9 albo 14 cyfr.' },
      ]),
    ).toEqual([
      { field: 'user.admin', message: 'Nieznane pole.' },
      { field: 'user.role', message: 'Nieznane pole.' },
      { field: 'unit.regon', message: 'REGON musi mieć 9 albo 14 cyfr.' },
    ]);
  });
});
