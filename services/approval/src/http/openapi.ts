import type { z } from 'zod';
import { AREA_CODES, grant, RegistrationEvents } from '@cas/contracts';
import { problemJsonSchema, problemResponse, queryParams, schemaOf } from '@cas/http';
import { REVIEW_STATUS } from '../domain/review-item.js';
import { PERMISSION_STATUS } from '../domain/permission-review.js';
import { AUDIT_KIND } from '../domain/audit.js';
import { UNMATCHED_STATUS } from '../store/unmatched-scan.repository.js';
import { listQuery as reviewListQuery, rejectInput } from './review.routes.js';
import { assignInput, dismissInput, listQuery as scanListQuery } from './scans.routes.js';
import { approveInput, listQuery as permissionListQuery, rejectPermissionInput } from './permission-reviews.routes.js';
import { auditQuery } from './audit.routes.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = { type: 'string' };
const strOrNull = { type: ['string', 'null'] };
const dateTimeOrNull = { type: ['string', 'null'], format: 'date-time' };
const orNull = (s: object) => ({ anyOf: [s, { type: 'null' }] });
const obj = (properties: Record<string, object>, required = Object.keys(properties)) => ({ type: 'object', required, properties });

const pathParam = (name: string) => [{ name, in: 'path', required: true, schema: { type: 'string', minLength: 1 } }];
const jsonBody = (s: z.ZodType, required = true) => ({ required, content: { 'application/json': { schema: schemaOf(s) } } });
const ok = (description: string, schema: object) => ({ description, content: { 'application/json': { schema } } });
const listOf = (item: string, statuses: Record<string, string>) =>
  obj({
    items: { type: 'array', items: ref(item) },
    counts: obj(Object.fromEntries(Object.values(statuses).map((s) => [s, { type: 'integer', minimum: 0 }]))),
    next: { ...strOrNull, description: 'Kursor następnej strony (parametr `after`), null na ostatniej' },
  });

const auth = { '401': problemResponse('Niezalogowany albo sesja wygasła'), '403': problemResponse('To nie jest sesja administratora') };
const action = {
  '401': auth['401'],
  '403': problemResponse('To nie jest sesja administratora albo żądanie z innej strony (Sec-Fetch-Site/Origin)'),
  '404': problemResponse('Nie ma takiego obiektu w województwie administratora'),
  '409': problemResponse('Już rozstrzygnięte albo nie czeka na decyzję'),
};
const badQuery = problemResponse('Niepoprawne parametry zapytania (pola w `errors`)');
const badBody = problemResponse('Niepoprawne dane (pola w `errors`) albo niepoprawny JSON');
const notJson = problemResponse('Treść musi być application/json');

const reviewSummary = obj({
  applicationId: str,
  number: { ...strOrNull, pattern: '^\\d{2}/\\d{4}/\\d{6}$' },
  status: { enum: Object.values(REVIEW_STATUS) },
  voivodeship: strOrNull,
  kind: { enum: ['new-unit', 'existing-unit', null] },
  unit: orNull(obj({ name: str, regon: str, type: str })),
  user: orNull(obj({ name: str, login: str })),
  areas: { type: 'array', items: { enum: [...AREA_CODES] }, description: 'Obszary, o które wnioskowano' },
  submittedAt: dateTimeOrNull,
  daysWaiting: { type: 'integer', minimum: 0 },
  overdue: { type: 'boolean', description: 'Otwarty i czeka dłużej niż próg ostrzeżenia' },
  scans: { type: 'integer', minimum: 0, description: 'Liczba dopasowanych skanów' },
});
const reviewItem = obj(
  {
    applicationId: str,
    number: strOrNull,
    voivodeship: strOrNull,
    kind: { enum: ['new-unit', 'existing-unit', null] },
    status: { enum: Object.values(REVIEW_STATUS) },
    unit: orNull(schemaOf(RegistrationEvents.applicationUnit)),
    user: orNull(schemaOf(RegistrationEvents.applicationUser)),
    grants: { type: 'array', items: schemaOf(grant) },
    verificationCode: strOrNull,
    submittedAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: 'string', format: 'date-time' },
    scans: {
      type: 'array',
      items: obj({
        scanId: str,
        matchedBy: str,
        verified: { type: 'boolean' },
        channel: str,
        receivedAt: str,
        contentType: str,
        pages: { type: 'integer' },
      }),
    },
    decision: orNull(
      obj({ outcome: { enum: ['approved', 'rejected'] }, decidedBy: str, decidedAt: str, reasonCode: strOrNull, reasonText: strOrNull }),
    ),
  },
  ['applicationId', 'number', 'voivodeship', 'kind', 'status', 'unit', 'user', 'grants', 'verificationCode', 'scans', 'decision'],
);
const unmatchedScan = obj({
  scanId: str,
  kind: { enum: ['unmatched', 'rejected'] },
  status: { enum: Object.values(UNMATCHED_STATUS) },
  voivodeship: str,
  channel: str,
  sender: str,
  subject: str,
  receivedAt: { type: 'string', format: 'date-time' },
  reason: str,
  applicationId: strOrNull,
});
const permissionReview = obj({
  requestId: str,
  status: { enum: Object.values(PERMISSION_STATUS) },
  voivodeship: strOrNull,
  user: orNull(obj({ id: str, login: str, name: str, email: str })),
  targetUnit: orNull(obj({ id: str, name: str, regon: str, teryt: str })),
  subAreas: { type: 'array', items: schemaOf(grant) },
  justification: strOrNull,
  submittedAt: dateTimeOrNull,
  decision: orNull(obj({ outcome: { enum: ['approved', 'rejected'] }, decidedBy: str, decidedAt: str, reason: strOrNull })),
  currentGrants: { type: 'array', items: obj({ unitId: strOrNull, unitName: strOrNull, area: str, subArea: str }) },
});
const auditEntry = obj({
  at: { type: 'string', format: 'date-time' },
  kind: { enum: Object.values(AUDIT_KIND) },
  actor: { type: 'string', description: 'Login administratora albo `system`' },
  voivodeship: strOrNull,
  subject: str,
  details: str,
  ip: strOrNull,
});

/** The approval API as OpenAPI 3.1 (DESIGN §5.2); bodies and queries generated from the routes' zod schemas. */
export function approvalOpenApi() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'CAS Rejestracja — approval',
      version: '1',
      description:
        'Zatwierdzanie wniosków przez administratorów (wojewódzkich i centralnego): kolejka wniosków, skany bez dopasowania, wnioski o rozszerzenie uprawnień i dziennik zdarzeń. Administrator wojewódzki widzi tylko swoje województwo.',
    },
    // Registration issues the session token; approval only verifies it (cookie or the same token as Bearer).
    security: [{ session: [] }, { bearer: [] }],
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'cas_session', description: 'Sesja administratora (z usługi rejestracji)' },
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Ten sam token sesji w nagłówku Authorization' },
      },
      schemas: {
        Problem: problemJsonSchema,
        ReviewSummary: reviewSummary,
        ReviewItem: reviewItem,
        UnmatchedScan: unmatchedScan,
        PermissionReview: permissionReview,
        AuditEntry: auditEntry,
      },
    },
    paths: {
      '/api/v1/review-items': {
        get: {
          summary:
            'Kolejka wniosków od najstarszych (filtry: status, województwo, tekst, obszar, typ jednostki, dni złożenia RRRR-MM-DD włącznie; stronicowanie kursorem)',
          parameters: queryParams(reviewListQuery),
          responses: {
            '200': ok('Strona kolejki z licznikami statusów', listOf('ReviewSummary', REVIEW_STATUS)),
            '400': badQuery,
            ...auth,
          },
        },
      },
      '/api/v1/review-items/{applicationId}': {
        get: {
          summary: 'Wniosek z danymi i skanami',
          parameters: pathParam('applicationId'),
          responses: {
            '200': ok('Wniosek', { allOf: [ref('ReviewSummary'), obj({ item: ref('ReviewItem') })] }),
            ...auth,
            '404': action['404'],
          },
        },
      },
      '/api/v1/review-items/{applicationId}/approve': {
        post: {
          summary: 'Zatwierdź wniosek (bez treści)',
          parameters: pathParam('applicationId'),
          responses: { '200': ok('Wniosek po decyzji', ref('ReviewSummary')), '400': problemResponse('Niepoprawny JSON'), ...action },
        },
      },
      '/api/v1/review-items/{applicationId}/reject': {
        post: {
          summary: 'Odrzuć wniosek z kodem powodu i uzasadnieniem',
          parameters: pathParam('applicationId'),
          requestBody: jsonBody(rejectInput),
          responses: { '200': ok('Wniosek po decyzji', ref('ReviewSummary')), '400': badBody, ...action, '415': notJson },
        },
      },
      '/api/v1/unmatched-scans': {
        get: {
          summary: 'Skany bez dopasowania (domyślnie otwarte)',
          parameters: queryParams(scanListQuery),
          responses: {
            '200': ok('Strona skanów z licznikami statusów', listOf('UnmatchedScan', UNMATCHED_STATUS)),
            '400': badQuery,
            ...auth,
          },
        },
      },
      '/api/v1/unmatched-scans/{scanId}': {
        get: {
          summary: 'Skan bez dopasowania',
          parameters: pathParam('scanId'),
          responses: { '200': ok('Skan', ref('UnmatchedScan')), ...auth, '404': action['404'] },
        },
      },
      '/api/v1/scans/{scanId}/assign': {
        post: {
          summary: 'Przypisz skan do wniosku',
          parameters: pathParam('scanId'),
          requestBody: jsonBody(assignInput),
          responses: {
            '200': ok('Skan po przypisaniu (status assigned)', ref('UnmatchedScan')),
            '400': badBody,
            ...action,
            '404': problemResponse('Nie ma takiego skanu albo wniosku (`errors` wskazuje applicationId) w województwie administratora'),
            '409': problemResponse('Skan już obsłużony albo wniosek nie może przyjąć skanu'),
            '415': notJson,
          },
        },
      },
      '/api/v1/scans/{scanId}/dismiss': {
        post: {
          summary: 'Odłóż skan jako niezwiązany z żadnym wnioskiem',
          parameters: pathParam('scanId'),
          requestBody: jsonBody(dismissInput),
          responses: {
            '200': ok('Skan po odłożeniu (status dismissed)', ref('UnmatchedScan')),
            '400': badBody,
            ...action,
            '409': problemResponse('Skan już obsłużony'),
            '415': notJson,
          },
        },
      },
      '/api/v1/permission-reviews': {
        get: {
          summary: 'Wnioski o rozszerzenie uprawnień',
          parameters: queryParams(permissionListQuery),
          responses: {
            '200': ok('Strona wniosków z licznikami statusów', listOf('PermissionReview', PERMISSION_STATUS)),
            '400': badQuery,
            ...auth,
          },
        },
      },
      '/api/v1/permission-reviews/{requestId}': {
        get: {
          summary: 'Wniosek o uprawnienia z obecnymi uprawnieniami użytkownika',
          parameters: pathParam('requestId'),
          responses: { '200': ok('Wniosek', ref('PermissionReview')), ...auth, '404': action['404'] },
        },
      },
      '/api/v1/permission-reviews/{requestId}/approve': {
        post: {
          summary: 'Zatwierdź wniosek o uprawnienia (uzasadnienie opcjonalne; treść, jeśli jest, w JSON)',
          parameters: pathParam('requestId'),
          requestBody: jsonBody(approveInput, false),
          responses: { '200': ok('Wniosek po decyzji', ref('PermissionReview')), '400': badBody, ...action, '415': notJson },
        },
      },
      '/api/v1/permission-reviews/{requestId}/reject': {
        post: {
          summary: 'Odrzuć wniosek o uprawnienia z powodem',
          parameters: pathParam('requestId'),
          requestBody: jsonBody(rejectPermissionInput),
          responses: { '200': ok('Wniosek po decyzji', ref('PermissionReview')), '400': badBody, ...action, '415': notJson },
        },
      },
      '/api/v1/audit': {
        get: {
          summary: 'Dziennik zdarzeń, od najnowszych (domyślnie 30 dni, najwyżej rok; puste parametry = brak filtra)',
          parameters: queryParams(auditQuery),
          responses: {
            '200': {
              description: 'Wpisy w oknie [from, to] (dni UTC); format=csv zwraca plik CSV (Content-Disposition: attachment)',
              content: {
                'application/json': {
                  schema: obj({
                    from: { type: 'string', format: 'date' },
                    to: { type: 'string', format: 'date' },
                    entries: { type: 'array', items: ref('AuditEntry') },
                  }),
                },
                'text/csv': { schema: { type: 'string', description: 'UTF-8 z BOM, nagłówki po polsku (RFC 4180)' } },
              },
            },
            '400': problemResponse('Niepoprawne parametry albo okres (pola w `errors`)'),
            ...auth,
          },
        },
      },
    },
  };
}
