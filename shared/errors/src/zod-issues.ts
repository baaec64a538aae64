import type { FieldError } from './app-error.js';

/** The minimal shape of a zod issue we read; keeps this package free of a zod dependency. */
interface IssueLike {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
  keys?: readonly string[];
}

/** Turns zod issues into `{field, message}` pairs; field is the dotted path (`user.email`). */
export function zodIssuesToFieldErrors(issues: readonly IssueLike[]): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of issues) {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      for (const key of issue.keys) {
        out.push({ field: base ? `${base}.${key}` : key, message: 'Nieznane pole.' });
      }
      continue;
    }
    out.push({ field: base || '(body)', message: issue.message });
  }
  return out;
}
