import { at, type Endpoint } from './policy.js';
import { NEW_PASSWORD, numberPath, page, tokenQuery, WRONG_PASSWORD } from './registration-common.js';

/** Registration's pages and form posts (the portal works without JavaScript). */
export const REGISTRATION_PAGES: Endpoint[] = [
  page('GET', '/', { access: 'public', resource: false, phase: 1, request: () => at('/') }),
  page('GET', '/pomoc', { access: 'public', resource: false, phase: 1, request: () => at('/pomoc') }),
  page('GET', '/rejestracja', { access: 'public', resource: false, phase: 1, request: () => at('/rejestracja') }),
  // An incomplete form: the page again with the errors (400), nothing stored.
  page('POST', '/rejestracja', {
    access: 'public',
    resource: false,
    phase: 1,
    request: () => ({ path: '/rejestracja', form: { 'unit.name': 'X' } }),
  }),
  // "Anyone with the number may look" (status.page.ts): status and dates only, nothing personal, by design.
  page('GET', '/status', {
    access: 'public',
    resource: true,
    phase: 1,
    request: (c) => at(`/status?number=${encodeURIComponent(c.side.applicant.number)}`),
  }),
  ...(['potwierdzenie', 'formularz', 'naglowek.css'] as const).map((leaf) =>
    page('GET', `/wnioski/:number/${leaf}`, {
      access: 'token',
      resource: true,
      phase: 1,
      request: (c) => at(`/wnioski/${numberPath(c.side.applicant.number)}/${leaf}${tokenQuery(c)}`),
    }),
  ),
  page('GET', '/logowanie', { access: 'public', resource: false, phase: 1, request: () => at('/logowanie') }),
  page('POST', '/logowanie', {
    access: 'public',
    resource: false,
    phase: 1,
    request: (c) => ({ path: '/logowanie', form: { login: c.fx.loginProbe.login, password: c.fx.loginProbe.password } }),
  }),
  page('GET', '/przypomnij-haslo', { access: 'public', resource: false, phase: 1, request: () => at('/przypomnij-haslo') }),
  page('POST', '/przypomnij-haslo', {
    access: 'public',
    resource: false,
    phase: 1,
    request: (c) => ({ path: '/przypomnij-haslo', form: { loginOrEmail: `nikt-taki-strona-${c.seq}` } }),
  }),
  page('GET', '/zmiana-hasla', { access: 'session', resource: false, phase: 1, request: () => at('/zmiana-hasla') }),
  page('POST', '/zmiana-hasla', {
    access: 'session',
    resource: false,
    phase: 1,
    request: () => ({
      path: '/zmiana-hasla',
      form: { currentPassword: WRONG_PASSWORD, newPassword: NEW_PASSWORD, newPasswordRepeat: NEW_PASSWORD },
    }),
  }),
  page('GET', '/konto', { access: 'session', resource: false, phase: 1, request: () => at('/konto') }),
  // Own = an area the caller holds (the unit user: PS); foreign = one they do not (SR): sent back to /konto.
  page('GET', '/obszary/:code', {
    access: 'owner',
    resource: true,
    phase: 1,
    request: (c) => at(`/obszary/${c.scope === 'foreign' ? 'SR' : 'PS'}`),
    hiddenRedirect: /^\/konto/,
  }),
  page('GET', '/parametry-uzytkownika', { access: 'session', resource: false, phase: 1, request: () => at('/parametry-uzytkownika') }),
  page('POST', '/parametry-uzytkownika/dane', {
    access: 'session',
    resource: false,
    phase: 1,
    request: () => ({ path: '/parametry-uzytkownika/dane', form: { firstName: '' } }),
  }),
  page('POST', '/parametry-uzytkownika/email', {
    access: 'session',
    resource: false,
    phase: 1,
    request: () => ({ path: '/parametry-uzytkownika/email', form: { newEmail: 'to nie jest adres', emailPassword: WRONG_PASSWORD } }),
  }),
  // The link from the e-mail: its token is the credential, whoever clicks (a wrong one: 410).
  page('GET', '/parametry-uzytkownika/email/potwierdz', {
    access: 'public',
    resource: false,
    phase: 1,
    request: () => at('/parametry-uzytkownika/email/potwierdz?u=x&t=y'),
  }),
  page('POST', '/parametry-uzytkownika/email/potwierdz', {
    access: 'public',
    resource: false,
    phase: 1,
    request: () => ({ path: '/parametry-uzytkownika/email/potwierdz', form: { u: 'x', t: 'y' } }),
  }),
  page('POST', '/parametry-uzytkownika/haslo', {
    access: 'session',
    resource: false,
    phase: 1,
    request: () => ({
      path: '/parametry-uzytkownika/haslo',
      form: { currentPassword: WRONG_PASSWORD, newPassword: NEW_PASSWORD, newPasswordRepeat: NEW_PASSWORD },
    }),
  }),
  page('GET', '/parametry-uzytkownika/rozszerzenie', {
    access: 'session',
    resource: false,
    phase: 1,
    request: () => at('/parametry-uzytkownika/rozszerzenie'),
  }),
  page('POST', '/parametry-uzytkownika/rozszerzenie', {
    access: 'session',
    resource: false,
    phase: 1,
    request: () => ({ path: '/parametry-uzytkownika/rozszerzenie', form: { justification: '' } }),
  }),
  // Only admins have a second factor: a unit user is sent back to /konto; an admin who passed it goes on to
  // /admin (GET) or is told the code is wrong (POST, 401 page).
  page('GET', '/logowanie/drugi-skladnik', {
    access: 'regAdminSelf',
    resource: false,
    phase: 1,
    request: () => at('/logowanie/drugi-skladnik'),
    hiddenRedirect: /^\/konto/,
  }),
  page('POST', '/logowanie/drugi-skladnik', {
    access: 'regAdminSelf',
    resource: false,
    phase: 1,
    request: () => ({ path: '/logowanie/drugi-skladnik', form: { code: '000000' } }),
    hiddenRedirect: /^\/konto/,
  }),
  page('GET', '/admin', {
    access: 'regAdmin',
    resource: true,
    phase: 1,
    request: (c) => at(`/admin?login=${c.side.target.login}`),
    visible: (body, c) => body.includes(`/admin/konta/${c.side.target.id}/`),
  }),
  page('POST', '/admin/konta/:id/odblokuj', {
    access: 'regAdmin',
    resource: true,
    phase: 2,
    request: (c) => ({ path: `/admin/konta/${c.side.target.id}/odblokuj`, form: {} }),
  }),
  page('POST', '/admin/konta/:id/wyloguj', {
    access: 'regAdmin',
    resource: true,
    phase: 2,
    request: (c) => ({ path: `/admin/konta/${c.side.target.id}/wyloguj`, form: {} }),
  }),
  // Logging out ends a session: these cells use the spare sessions; the API's logout ends the real ones, last.
  page('POST', '/wyloguj', { access: 'public', resource: false, phase: 3, request: () => ({ path: '/wyloguj', form: {}, spare: true }) }),
];
