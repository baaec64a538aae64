import { sampleApplication } from '@cas/testing';
import { at, type Endpoint } from './policy.js';
import { api, auditVoivodeships, ids, NEW_PASSWORD, statusEmail, WRONG_PASSWORD } from './registration-common.js';

/** Registration's JSON API: every operation of its OpenAPI document. */
export const REGISTRATION_API: Endpoint[] = [
  // The audit trail first: later cells add entries (logins), and the newest 100 must still hold both voivodeships.
  api('GET', '/api/v1/audit', {
    access: 'regAdmin',
    resource: true,
    phase: 1,
    request: () => at('/api/v1/audit'),
    visible: (body, c) => auditVoivodeships(body).includes(c.v),
  }),
  api('GET', '/api/v1/admin/users', {
    access: 'regAdmin',
    resource: true,
    phase: 1,
    request: (c) => at(`/api/v1/admin/users?login=${c.side.target.login}`),
    visible: (body, c) => ids(body).includes(c.side.target.id),
  }),
  api('POST', '/api/v1/applications', {
    access: 'public',
    resource: false,
    phase: 2,
    request: (c) => ({ path: '/api/v1/applications', json: sampleApplication(`authzcell${c.seq}`) }),
  }),
  api('GET', '/api/v1/applications/status', {
    access: 'token',
    resource: true,
    phase: 1,
    request: (c) =>
      at(`/api/v1/applications/status?number=${encodeURIComponent(c.side.applicant.number)}&email=${encodeURIComponent(statusEmail(c))}`),
  }),
  api('GET', '/api/v1/units', { access: 'public', resource: false, phase: 1, request: () => at('/api/v1/units?query=Kielce') }),
  api('GET', '/api/v1/catalogues', { access: 'public', resource: false, phase: 1, request: () => at('/api/v1/catalogues') }),
  api('GET', '/api/v1/help/videos', { access: 'public', resource: false, phase: 1, request: () => at('/api/v1/help/videos') }),
  api('GET', '/.well-known/jwks.json', { access: 'public', resource: false, phase: 1, request: () => at('/.well-known/jwks.json') }),
  api('POST', '/api/v1/auth/login', {
    access: 'public',
    resource: false,
    phase: 1,
    request: (c) => ({ path: '/api/v1/auth/login', json: c.fx.loginProbe }),
  }),
  api('GET', '/api/v1/auth/session', { access: 'session', resource: false, phase: 1, request: () => at('/api/v1/auth/session') }),
  api('POST', '/api/v1/auth/password-reminder', {
    access: 'public',
    resource: false,
    phase: 1,
    request: (c) => ({ path: '/api/v1/auth/password-reminder', json: { loginOrEmail: `nikt-taki-${c.seq}` } }),
  }),
  api('POST', '/api/v1/auth/password', {
    access: 'session',
    resource: false,
    phase: 1,
    request: () => ({ path: '/api/v1/auth/password', json: { currentPassword: WRONG_PASSWORD, newPassword: NEW_PASSWORD } }),
  }),
  api('GET', '/api/v1/account', { access: 'session', resource: false, phase: 1, request: () => at('/api/v1/account') }),
  api('POST', '/api/v1/account/email', {
    access: 'session',
    resource: false,
    phase: 1,
    request: () => ({ path: '/api/v1/account/email', json: { newEmail: 'nowy.adres@example.test', currentPassword: WRONG_PASSWORD } }),
  }),
  api('GET', '/api/v1/permission-requests', {
    access: 'owner',
    resource: true,
    phase: 1,
    request: () => at('/api/v1/permission-requests'),
    visible: (body, c) => ids(body).includes(c.side.request),
  }),
  api('POST', '/api/v1/permission-requests', {
    access: 'session',
    resource: false,
    phase: 2,
    request: () => ({
      path: '/api/v1/permission-requests',
      json: { subAreas: [{ area: 'FA', subArea: 'fundusz-alimentacyjny' }], justification: 'Macierz uprawnień.' },
    }),
  }),
  // Admins are enrolled: enrolment and confirmation answer 409, a wrong code 401 AUTH.SECOND_FACTOR_FAILED.
  api('POST', '/api/v1/auth/totp/enrolment', {
    access: 'regAdminSelf',
    resource: false,
    phase: 1,
    request: () => at('/api/v1/auth/totp/enrolment'),
  }),
  api('POST', '/api/v1/auth/totp/confirmation', {
    access: 'regAdminSelf',
    resource: false,
    phase: 1,
    request: () => ({ path: '/api/v1/auth/totp/confirmation', json: { code: '000000' } }),
  }),
  api('POST', '/api/v1/auth/second-factor', {
    access: 'regAdminSelf',
    resource: false,
    phase: 1,
    request: () => ({ path: '/api/v1/auth/second-factor', json: { code: '000000' } }),
  }),
  // The targets are never blocked: an allowed unblock is 409 "not blocked".
  api('POST', '/api/v1/admin/users/:id/unblock', {
    access: 'regAdmin',
    resource: true,
    phase: 2,
    request: (c) => at(`/api/v1/admin/users/${c.side.target.id}/unblock`),
  }),
  api('POST', '/api/v1/admin/users/:id/revoke-sessions', {
    access: 'regAdmin',
    resource: true,
    phase: 2,
    request: (c) => at(`/api/v1/admin/users/${c.side.target.id}/revoke-sessions`),
  }),
  api('GET', '/api/v1/admin/voivodeship-admins', {
    access: 'regCentral',
    resource: false,
    phase: 1,
    request: () => at('/api/v1/admin/voivodeship-admins'),
  }),
  api('POST', '/api/v1/admin/voivodeship-admins', {
    access: 'regCentral',
    resource: false,
    phase: 2,
    request: (c) => ({
      path: '/api/v1/admin/voivodeship-admins',
      json: {
        login: `authz-nowy-${c.seq}`,
        email: `authz-nowy-${c.seq}@uw.example`,
        firstName: 'Nowy',
        lastName: 'Administrator',
        phone: '41 342 11 11',
        position: 'Inspektor',
        voivodeship: c.v,
      },
    }),
  }),
  api('POST', '/api/v1/admin/voivodeship-admins/:id/disable', {
    access: 'regCentral',
    resource: true,
    phase: 2,
    request: (c) => at(`/api/v1/admin/voivodeship-admins/${c.side.victim.id}/disable`),
  }),
  api('POST', '/api/v1/auth/logout', { access: 'public', resource: false, phase: 3, request: () => at('/api/v1/auth/logout') }),
];
