import { z } from 'zod';
import { AREA_CODES } from '@cas/contracts';
import type { Catalogue } from './catalogue.js';
import {
  FORBIDDEN_CHARS,
  normaliseEmail,
  normaliseNip,
  normalisePhone,
  normalisePostalCode,
  normaliseRegon,
  normaliseTeryt,
} from './identifiers.js';
import { passwordProblem, PASSWORD_MAX } from './password-policy.js';

/**
 * The body of `POST /api/v1/applications` and of the HTML form (DESIGN §2, §5.2). Strict: unknown keys are
 * rejected. Every string is NFC-normalised and trimmed; invisible and direction-changing characters are refused.
 */
const stringError = (iss: { input?: unknown }) =>
  iss.input === undefined ? 'To pole jest wymagane.' : 'Nieprawidłowy typ: oczekiwano tekstu.';

export const text = (max: number, requiredMessage: string) =>
  z
    .string({ error: stringError })
    .normalize('NFC')
    .trim()
    .min(1, requiredMessage)
    .max(max, `Maksymalnie ${max} znaków.`)
    .refine((s) => !FORBIDDEN_CHARS.test(s), 'Pole zawiera niedozwolone znaki (niewidoczne lub sterujące).');

const identifier = (normalise: (s: string) => string | null, message: string, max = 40) =>
  z
    .string({ error: stringError })
    .max(max, message)
    .transform((s, ctx) => {
      const v = normalise(s.normalize('NFC'));
      if (v === null) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return v;
    });

export const emailField = identifier(normaliseEmail, 'Niepoprawny adres e-mail (np. jan.kowalski@gmina.pl).', 254);
export const phoneField = identifier(normalisePhone, 'Niepoprawny numer telefonu: 9 cyfr, np. 41 123 45 67 lub +48 600 100 200.');
export const LOGIN_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/;

/** Requested sub-areas: 1–50, each known in the catalogue, none twice (registration and permission requests). */
export function grantsSchema(catalogue: Catalogue) {
  const grant = z.strictObject({
    area: z.enum(AREA_CODES, { error: 'Wybierz obszar z listy.' }),
    subArea: z.string({ error: stringError }).max(64),
  });
  return z
    .array(grant, { error: 'Wybierz co najmniej jeden podobszar.' })
    .min(1, 'Wybierz co najmniej jeden podobszar.')
    .max(50)
    .superRefine((grants, ctx) => {
      const seen = new Set<string>();
      grants.forEach((g, i) => {
        if (!catalogue.subAreaName(g.area, g.subArea))
          ctx.addIssue({ code: 'custom', path: [i, 'subArea'], message: 'Nieznany podobszar dla wybranego obszaru.' });
        const key = `${g.area}/${g.subArea}`;
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i], message: 'Ten podobszar wybrano dwa razy.' });
        seen.add(key);
      });
    });
}

/** The two shapes of `unit`: a new unit's data, or the id of an active unit to join. */
export function buildUnitSchemas(catalogue: Catalogue) {
  const newUnit = z.strictObject({
    name: text(300, 'Podaj pełną nazwę jednostki.'),
    type: z.string({ error: stringError }).refine((t) => catalogue.unitType(t) !== undefined, 'Wybierz typ jednostki z listy.'),
    regon: identifier(normaliseRegon, 'Niepoprawny REGON: 9 lub 14 cyfr z prawidłową cyfrą kontrolną.'),
    nip: z
      .union([z.literal(''), identifier(normaliseNip, 'Niepoprawny NIP: 10 cyfr z prawidłową cyfrą kontrolną.')])
      .optional()
      .transform((v) => (v ? v : undefined)),
    teryt: identifier(normaliseTeryt, 'Niepoprawny kod TERYT gminy: 7 cyfr, np. 2661011 (Kielce).'),
    address: z.strictObject({
      street: text(200, 'Podaj ulicę i numer budynku.'),
      postalCode: identifier(normalisePostalCode, 'Kod pocztowy w formacie NN-NNN, np. 25-516.'),
      city: text(100, 'Podaj miejscowość.'),
    }),
    managerName: text(200, 'Podaj imię i nazwisko kierownika jednostki.'),
    email: emailField,
    phone: phoneField,
  });

  const existingUnit = z.strictObject({
    existingUnitId: z.string({ error: stringError }).regex(/^[A-Za-z0-9-]{1,64}$/, 'Wybierz jednostkę z listy wyników wyszukiwania.'),
  });

  return { newUnit, existingUnit };
}

export function buildApplicationInputSchema(catalogue: Catalogue) {
  const { newUnit, existingUnit } = buildUnitSchemas(catalogue);

  const user = z
    .strictObject({
      firstName: text(100, 'Podaj imię.'),
      lastName: text(100, 'Podaj nazwisko.'),
      email: emailField,
      phone: phoneField,
      position: text(200, 'Podaj stanowisko.'),
      login: z
        .string({ error: stringError })
        .regex(
          LOGIN_PATTERN,
          'Login: 3–64 znaki — litery bez polskich znaków, cyfry, kropka, podkreślenie lub myślnik; zaczyna się literą lub cyfrą.',
        ),
      password: z.string({ error: stringError }).max(PASSWORD_MAX * 4, `Hasło może mieć najwyżej ${PASSWORD_MAX} znaków.`),
    })
    .superRefine((u, ctx) => {
      const problem = passwordProblem(u.password, u.login, u.email);
      if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
    });

  return z.strictObject({
    // Dispatch on shape rather than z.union, so a new unit's mistakes are reported field by field.
    unit: z.unknown().transform((u, ctx): z.output<typeof existingUnit> | z.output<typeof newUnit> => {
      if (typeof u !== 'object' || u === null || Array.isArray(u)) {
        ctx.addIssue({ code: 'custom', message: 'Podaj dane nowej jednostki albo wybierz istniejącą.' });
        return z.NEVER;
      }
      const r = 'existingUnitId' in u ? existingUnit.safeParse(u) : newUnit.safeParse(u);
      if (r.success) return r.data;
      for (const issue of r.error.issues) ctx.addIssue({ ...issue, code: 'custom', path: issue.path, message: issue.message } as never);
      return z.NEVER;
    }),
    user,
    grants: grantsSchema(catalogue),
    consent: z.literal(true, { error: 'Zapoznaj się z klauzulą informacyjną i potwierdź zgodę.' }),
  });
}

export type ApplicationInput = z.output<ReturnType<typeof buildApplicationInputSchema>>;
export type NewUnitInput = Exclude<ApplicationInput['unit'], { existingUnitId: string }>;

export const isNewUnit = (u: ApplicationInput['unit']): u is NewUnitInput => !('existingUnitId' in u);
