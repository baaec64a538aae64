import { CURSOR, DAY, e, pageEndpoint, s, type PageSpec } from './page-spec.js';
import { REGISTRATION_PAGES } from './pages-registration.js';
import type { Endpoint } from './types.js';

/** The admin UI's pages and forms (services/approval/src/http/*pages*.routes.ts) and notification's preview. */
const ADMIN_PAGES: PageSpec[] = [
  {
    service: 'approval',
    method: 'GET',
    path: '/',
    callers: ['central', 'admin26'],
    query: {
      status: e('ready-for-review', 'awaiting-document'),
      q: s(),
      area: s(),
      unitType: s(),
      from: DAY,
      to: DAY,
      after: CURSOR,
      ok: e('zatwierdzony'),
    },
  },
  { service: 'approval', method: 'GET', path: '/wnioski/{applicationId}', callers: ['central', 'admin26'] },
  {
    service: 'approval',
    method: 'POST',
    path: '/wnioski/{applicationId}/zatwierdz',
    callers: ['central', 'admin26'],
    form: { confirm: e('tak', 'nie') },
  },
  {
    service: 'approval',
    method: 'POST',
    path: '/wnioski/{applicationId}/odrzuc',
    callers: ['central', 'admin26'],
    form: { reasonCode: e('missing-signature', 'other', 'x'), reasonText: s(200) },
  },
  {
    service: 'approval',
    method: 'GET',
    path: '/skany/{scanId}',
    callers: ['central', 'admin26', 'central-bearer'],
    query: { pobierz: e('1', '0') },
  },
  {
    service: 'approval',
    method: 'GET',
    path: '/skany-niedopasowane',
    callers: ['central', 'admin26'],
    query: { status: e('open', 'x'), after: CURSOR, ok: e('przypisany') },
  },
  { service: 'approval', method: 'GET', path: '/skany-niedopasowane/{scanId}', callers: ['central', 'admin26'], query: { q: s() } },
  {
    service: 'approval',
    method: 'POST',
    path: '/skany-niedopasowane/{scanId}/przypisz',
    callers: ['central', 'admin26'],
    form: { applicationId: s(110) },
  },
  {
    service: 'approval',
    method: 'POST',
    path: '/skany-niedopasowane/{scanId}/odloz',
    callers: ['central', 'admin26'],
    form: { note: s(200) },
  },
  {
    service: 'approval',
    method: 'GET',
    path: '/nieudane-emaile',
    callers: ['central', 'admin26'],
    query: { after: CURSOR, ok: e('ponowiono') },
  },
  { service: 'approval', method: 'POST', path: '/nieudane-emaile/{id}/ponow', callers: ['central', 'admin26'], form: {} },
  { service: 'approval', method: 'GET', path: '/szablony-e-maili', callers: ['central', 'admin26'] },
  {
    service: 'approval',
    method: 'GET',
    path: '/audyt',
    callers: ['central', 'admin26'],
    query: { from: DAY, to: DAY, group: e('decyzje', 'skany', 'x'), actor: s(), voivodeship: s(2, '^\\d{2}$'), format: e('csv', 'json') },
  },
  {
    service: 'approval',
    method: 'GET',
    path: '/uprawnienia',
    callers: ['central', 'admin26'],
    query: { status: e('pending', 'x'), after: CURSOR, ok: e('odrzucony') },
  },
  { service: 'approval', method: 'GET', path: '/uprawnienia/{requestId}', callers: ['central', 'admin26'] },
  {
    service: 'approval',
    method: 'POST',
    path: '/uprawnienia/{requestId}/zatwierdz',
    callers: ['central', 'admin26'],
    form: { confirm: e('tak', 'nie'), reason: s(200) },
  },
  {
    service: 'approval',
    method: 'POST',
    path: '/uprawnienia/{requestId}/odrzuc',
    callers: ['central', 'admin26'],
    form: { reason: s(200) },
  },
  { service: 'notification', method: 'GET', path: '/szablony', callers: ['central-bearer', 'central', 'admin26'] },
];

export const pageEndpoints = (): Endpoint[] => [...REGISTRATION_PAGES, ...ADMIN_PAGES].map(pageEndpoint);
