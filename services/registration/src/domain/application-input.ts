import { z } from 'zod';
import { AREA_CODES } from '@cas/contracts';

/**
 * The body of `POST /api/v1/applications` (DESIGN §5.2). Strict: unknown keys are rejected.
 * The walking skeleton checks shapes and formats; identifier checksums, catalogues and the password policy
 * arrive with the registration portal (issue #3).
 */
const trimmed = (max: number, message: string) => z.string().trim().min(1, message).max(max, `Maksymalnie ${max} znaków.`);

const newUnit = z.strictObject({
  name: trimmed(300, 'Podaj nazwę jednostki.'),
  type: trimmed(64, 'Wybierz typ jednostki.'),
  regon: z.string().regex(/^(\d{9}|\d{14})$/, 'REGON musi mieć 9 albo 14 cyfr.'),
  nip: z
    .string()
    .regex(/^\d{10}$/, 'NIP musi mieć 10 cyfr.')
    .optional(),
  teryt: z.string().regex(/^(0[2468]|1[02468]|2[02468]|3[02])\d{4}[1234589]$/, 'Niepoprawny kod TERYT gminy (7 cyfr, np. 2661011).'),
  address: z.strictObject({
    street: trimmed(200, 'Podaj ulicę i numer.'),
    postalCode: z.string().regex(/^\d{2}-\d{3}$/, 'Kod pocztowy w formacie NN-NNN.'),
    city: trimmed(100, 'Podaj miejscowość.'),
  }),
  managerName: trimmed(200, 'Podaj imię i nazwisko kierownika jednostki.'),
  email: z.email('Niepoprawny adres e-mail.').max(254),
  phone: z.string().regex(/^(\+48|0048)?[\s-]*(\d[\s-]*){9}$/, 'Niepoprawny numer telefonu.'),
});

const existingUnit = z.strictObject({ existingUnitId: z.string().min(1).max(64) });

export const applicationInputSchema = z.strictObject({
  unit: z.union([newUnit, existingUnit]),
  user: z.strictObject({
    firstName: trimmed(100, 'Podaj imię.'),
    lastName: trimmed(100, 'Podaj nazwisko.'),
    email: z.email('Niepoprawny adres e-mail.').max(254),
    phone: z.string().regex(/^(\+48|0048)?[\s-]*(\d[\s-]*){9}$/, 'Niepoprawny numer telefonu.'),
    position: trimmed(200, 'Podaj stanowisko.'),
    login: z.string().regex(/^[A-Za-z0-9._-]{3,64}$/, 'Login: 3–64 znaki, litery, cyfry, kropka, podkreślenie, myślnik.'),
    password: z.string().min(12, 'Hasło musi mieć co najmniej 12 znaków.').max(128, 'Hasło może mieć najwyżej 128 znaków.'),
  }),
  grants: z
    .array(z.strictObject({ area: z.enum(AREA_CODES), subArea: z.string().min(1).max(64) }))
    .min(1, 'Wybierz co najmniej jeden obszar.')
    .max(50),
  consent: z.literal(true, 'Wymagana jest zgoda na przetwarzanie danych.'),
});

export type ApplicationInput = z.output<typeof applicationInputSchema>;
export type NewUnitInput = z.output<typeof newUnit>;

export const isNewUnit = (u: ApplicationInput['unit']): u is NewUnitInput => !('existingUnitId' in u);

/** `+48XXXXXXXXX` from what people type (DESIGN §2). */
export function normalisePhone(raw: string): string {
  const digits = raw.replace(/[\s-]/g, '').replace(/^(\+48|0048)/, '');
  return `+48${digits}`;
}
