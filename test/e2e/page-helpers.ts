import { expect } from 'vitest';
import type { Page } from 'playwright-core';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whitespace folded, as a person reads the text. */
export const normalise = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

/**
 * What a person does on the portal's pages, on `current()` unless another page is given: fill a field by its
 * label, press a button, log in, and check the heading, the path and a field's error.
 */
export function pageHelpers(current: () => Page) {
  /** A field's label, optionally followed by the required-field asterisk. */
  const field = (label: string | RegExp, p: Page = current()) =>
    p.getByLabel(typeof label === 'string' ? new RegExp(`^${escape(label)}( \\*)?$`) : label);
  const click = async (button: string, p: Page = current()): Promise<void> => {
    await p.getByRole('button', { name: button, exact: true }).click();
  };
  return {
    field,
    click,
    logIn: async (login: string, password: string, p: Page = current()): Promise<void> => {
      await field('Login lub adres e-mail', p).fill(login);
      await field('Hasło', p).fill(password);
      await click('Zaloguj', p);
    },
    /** Fills the password-change form (the forced one after a temporary password) and submits it. */
    changePassword: async (currentPassword: string, next: string, repeat = next, p: Page = current()): Promise<void> => {
      await field('Hasło tymczasowe', p).fill(currentPassword);
      await field('Nowe hasło', p).fill(next);
      await field('Powtórz nowe hasło', p).fill(repeat);
      await click('Zmień hasło', p);
    },
    expectHeading: async (name: string | RegExp, p: Page = current()): Promise<void> => {
      await p.getByRole('heading', { level: 1, name }).waitFor();
    },
    expectPath: async (path: string, p: Page = current()): Promise<void> => {
      await p.waitForURL((url) => url.pathname === path);
    },
    /** The field is marked invalid and its error message is tied to it with aria-describedby. */
    expectFieldError: async (label: string | RegExp, message: string, p: Page = current()): Promise<void> => {
      const input = field(label, p);
      await input.waitFor();
      expect(await input.getAttribute('aria-invalid')).toBe('true');
      const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
      const texts = await Promise.all(ids.map((id) => p.locator(`#${id}`).textContent()));
      expect(texts.join(' ')).toContain(message);
    },
  };
}
