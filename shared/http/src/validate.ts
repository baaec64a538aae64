import type { z } from 'zod';
import { CommonErrors, zodIssuesToFieldErrors } from '@cas/errors';

/** Parses a request part with a strict schema, or throws a 400 naming every bad field in Polish. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (!result.success) throw CommonErrors.validation(zodIssuesToFieldErrors(result.error.issues));
  return result.data;
}
