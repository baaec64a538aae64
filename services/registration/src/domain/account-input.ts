import { z } from 'zod';
import type { Catalogue } from './catalogue.js';
import { emailField, grantsSchema, LOGIN_PATTERN, phoneField, text } from './application-input.js';

/**
 * Bodies of the account endpoints (DESIGN §5.2). Strict: unknown keys are refused. Secrets are only bounded
 * here; the password policy applies where a password is set.
 */
const secret = (field: string) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? `Podaj ${field}.` : 'Nieprawidłowy typ: oczekiwano tekstu.') })
    .min(1, `Podaj ${field}.`)
    .max(512, 'Za długie.');

export const loginInput = z.strictObject({
  login: z
    .string({ error: 'Podaj login lub adres e-mail.' })
    .trim()
    .min(1, 'Podaj login lub adres e-mail.')
    .max(254, 'Za długi login lub adres e-mail.'),
  password: secret('hasło'),
});

export const reminderInput = z.strictObject({
  loginOrEmail: z
    .string({ error: 'Podaj login lub adres e-mail.' })
    .trim()
    .min(1, 'Podaj login lub adres e-mail.')
    .max(254, 'Za długi login lub adres e-mail.'),
});

export const passwordChangeInput = z.strictObject({
  currentPassword: secret('obecne hasło'),
  newPassword: secret('nowe hasło'),
});

export const emailChangeInput = z.strictObject({
  newEmail: emailField,
  currentPassword: secret('obecne hasło'),
});

export const profileInput = z.strictObject({
  firstName: text(100, 'Podaj imię.'),
  lastName: text(100, 'Podaj nazwisko.'),
  phone: phoneField,
  position: text(200, 'Podaj stanowisko.'),
});

export function buildPermissionRequestInput(catalogue: Catalogue) {
  return z.strictObject({
    /** Omitted = the user's own unit. */
    unitId: z.string().max(64).optional(),
    subAreas: grantsSchema(catalogue),
    justification: text(2000, 'Uzasadnij wniosek (np. nowe obowiązki sprawozdawcze).'),
  });
}
export type PermissionRequestInput = z.output<ReturnType<typeof buildPermissionRequestInput>>;

export const adminCreateInput = z.strictObject({
  login: z
    .string({ error: 'Podaj login.' })
    .regex(LOGIN_PATTERN, 'Login: 3–64 znaki — litery bez polskich znaków, cyfry, kropka, podkreślenie lub myślnik.'),
  email: emailField,
  firstName: text(100, 'Podaj imię.'),
  lastName: text(100, 'Podaj nazwisko.'),
  phone: phoneField,
  position: text(200, 'Podaj stanowisko.'),
  voivodeship: z.string({ error: 'Wybierz województwo.' }).regex(/^(0[2468]|1[02468]|2[02468]|3[02])$/, 'Wybierz województwo z listy.'),
});

export const secondFactorInput = z.strictObject({
  code: z.string({ error: 'Podaj kod.' }).trim().min(6, 'Podaj 6-cyfrowy kod z aplikacji albo kod zapasowy.').max(32, 'Za długi kod.'),
});
