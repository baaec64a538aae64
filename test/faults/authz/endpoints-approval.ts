import { at, type CellContext, type Endpoint } from './policy.js';

/**
 * Approval (3003): the review API (its OpenAPI document) and the admin pages. Every route is for admins only
 * (`requireAdmin` of @cas/http: 401 without an admin token, 403 for another role), and everything an admin
 * addresses is looked up in the token's voivodeship (404 for another's). The lists are asked for the addressed
 * voivodeship explicitly (`voivodeship=NN`): a voivodeship admin's scope must not widen with the query.
 */
type Spec = Omit<Endpoint, 'service' | 'method' | 'route' | 'page' | 'access'>;
const api = (method: 'GET' | 'POST', route: string, e: Spec): Endpoint => ({
  service: 'approval',
  method,
  route,
  page: false,
  access: 'admin',
  ...e,
});
const page = (method: 'GET' | 'POST', route: string, e: Spec): Endpoint => ({
  service: 'approval',
  method,
  route,
  page: true,
  access: 'admin',
  ...e,
});

const json = (body: string) => JSON.parse(body) as Record<string, unknown>;
const field = (body: string, list: string, key: string) => ((json(body)[list] ?? []) as Record<string, unknown>[]).map((i) => i[key]);
const review = (c: CellContext) => c.side.review.id;
const unmatched = (c: CellContext) => c.side.unmatched;
const request = (c: CellContext) => c.side.request;

export const APPROVAL_ENDPOINTS: Endpoint[] = [
  api('GET', '/api/v1/review-items', {
    resource: true,
    phase: 1,
    request: (c) => at(`/api/v1/review-items?voivodeship=${c.v}&q=${encodeURIComponent(c.side.review.number)}`),
    visible: (body, c) => field(body, 'items', 'applicationId').includes(review(c)),
  }),
  api('GET', '/api/v1/review-items/:applicationId', { resource: true, phase: 1, request: (c) => at(`/api/v1/review-items/${review(c)}`) }),
  api('POST', '/api/v1/review-items/:applicationId/approve', {
    resource: true,
    phase: 2,
    request: (c) => at(`/api/v1/review-items/${review(c)}/approve`),
  }),
  api('POST', '/api/v1/review-items/:applicationId/reject', {
    resource: true,
    phase: 2,
    request: (c) => ({ path: `/api/v1/review-items/${review(c)}/reject`, json: { reasonCode: 'other', reasonText: 'Macierz uprawnień.' } }),
  }),
  api('GET', '/api/v1/unmatched-scans', {
    resource: true,
    phase: 1,
    request: (c) => at(`/api/v1/unmatched-scans?voivodeship=${c.v}&limit=100`),
    visible: (body, c) => field(body, 'items', 'scanId').includes(unmatched(c)),
  }),
  api('GET', '/api/v1/unmatched-scans/:scanId', {
    resource: true,
    phase: 1,
    request: (c) => at(`/api/v1/unmatched-scans/${unmatched(c)}`),
  }),
  // To the applicant's application of the scan's voivodeship (still waiting for its document).
  api('POST', '/api/v1/scans/:scanId/assign', {
    resource: true,
    phase: 2,
    request: (c) => ({ path: `/api/v1/scans/${unmatched(c)}/assign`, json: { applicationId: c.side.applicant.id } }),
  }),
  api('POST', '/api/v1/scans/:scanId/dismiss', {
    resource: true,
    phase: 2,
    request: (c) => ({ path: `/api/v1/scans/${unmatched(c)}/dismiss`, json: { note: 'Macierz uprawnień.' } }),
  }),
  api('GET', '/api/v1/permission-reviews', {
    resource: true,
    phase: 1,
    request: (c) => at(`/api/v1/permission-reviews?voivodeship=${c.v}&limit=100`),
    visible: (body, c) => field(body, 'items', 'requestId').includes(request(c)),
  }),
  api('GET', '/api/v1/permission-reviews/:requestId', {
    resource: true,
    phase: 1,
    request: (c) => at(`/api/v1/permission-reviews/${request(c)}`),
  }),
  api('POST', '/api/v1/permission-reviews/:requestId/approve', {
    resource: true,
    phase: 2,
    request: (c) => at(`/api/v1/permission-reviews/${request(c)}/approve`),
  }),
  api('POST', '/api/v1/permission-reviews/:requestId/reject', {
    resource: true,
    phase: 2,
    request: (c) => ({ path: `/api/v1/permission-reviews/${request(c)}/reject`, json: { reason: 'Macierz uprawnień.' } }),
  }),
  api('GET', '/api/v1/audit', {
    resource: true,
    phase: 1,
    request: (c) => at(`/api/v1/audit?voivodeship=${c.v}`),
    visible: (body, c) => field(body, 'entries', 'voivodeship').includes(c.v),
  }),

  page('GET', '/', {
    resource: true,
    phase: 1,
    request: (c) => at(`/?q=${encodeURIComponent(c.side.review.number)}`),
    visible: (body, c) => body.includes(`/wnioski/${review(c)}`),
  }),
  page('GET', '/wnioski/:applicationId', { resource: true, phase: 1, request: (c) => at(`/wnioski/${review(c)}`) }),
  page('POST', '/wnioski/:applicationId/zatwierdz', {
    resource: true,
    phase: 2,
    request: (c) => ({ path: `/wnioski/${review(c)}/zatwierdz`, form: { confirm: 'tak' } }),
  }),
  page('POST', '/wnioski/:applicationId/odrzuc', {
    resource: true,
    phase: 2,
    request: (c) => ({ path: `/wnioski/${review(c)}/odrzuc`, form: { reasonCode: 'other', reasonText: 'Macierz uprawnień.' } }),
  }),
  // The scan file through approval's proxy (intake checks the admin's voivodeship again).
  page('GET', '/skany/:scanId', { resource: true, phase: 1, request: (c) => at(`/skany/${c.side.scan}`) }),
  page('GET', '/skany-niedopasowane', {
    resource: true,
    phase: 1,
    request: () => at('/skany-niedopasowane'),
    visible: (body, c) => body.includes(`/skany-niedopasowane/${unmatched(c)}`),
  }),
  page('GET', '/skany-niedopasowane/:scanId', { resource: true, phase: 1, request: (c) => at(`/skany-niedopasowane/${unmatched(c)}`) }),
  page('POST', '/skany-niedopasowane/:scanId/przypisz', {
    resource: true,
    phase: 2,
    request: (c) => ({ path: `/skany-niedopasowane/${unmatched(c)}/przypisz`, form: { applicationId: c.side.applicant.id } }),
  }),
  page('POST', '/skany-niedopasowane/:scanId/odloz', {
    resource: true,
    phase: 2,
    request: (c) => ({ path: `/skany-niedopasowane/${unmatched(c)}/odloz`, form: { note: 'Macierz uprawnień.' } }),
  }),
  page('GET', '/uprawnienia', {
    resource: true,
    phase: 1,
    request: () => at('/uprawnienia'),
    visible: (body, c) => body.includes(`/uprawnienia/${request(c)}`),
  }),
  page('GET', '/uprawnienia/:requestId', { resource: true, phase: 1, request: (c) => at(`/uprawnienia/${request(c)}`) }),
  page('POST', '/uprawnienia/:requestId/zatwierdz', {
    resource: true,
    phase: 2,
    request: (c) => ({ path: `/uprawnienia/${request(c)}/zatwierdz`, form: { confirm: 'tak' } }),
  }),
  page('POST', '/uprawnienia/:requestId/odrzuc', {
    resource: true,
    phase: 2,
    request: (c) => ({ path: `/uprawnienia/${request(c)}/odrzuc`, form: { reason: 'Macierz uprawnień.' } }),
  }),
  page('GET', '/audyt', { resource: false, phase: 1, request: () => at('/audyt') }),
  // Failed e-mails and the template preview come from notification, asked with the admin's token.
  page('GET', '/nieudane-emaile', {
    resource: true,
    phase: 1,
    request: () => at('/nieudane-emaile'),
    visible: (body, c) => body.includes(c.side.delivery.recipient),
  }),
  page('POST', '/nieudane-emaile/:id/ponow', {
    resource: true,
    phase: 2,
    request: (c) => ({ path: `/nieudane-emaile/${encodeURIComponent(c.side.delivery.id)}/ponow`, form: {} }),
  }),
  page('GET', '/szablony-e-maili', { resource: false, phase: 1, request: () => at('/szablony-e-maili') }),
];
