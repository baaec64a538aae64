import { problemJsonSchema, problemResponse, queryParams } from '@cas/http';
import { failedQuery } from './deliveries.routes.js';

const str = { type: 'string' };
const strOrNull = { type: ['string', 'null'] };
const failedDelivery = {
  type: 'object',
  required: ['id', 'template', 'recipient', 'subject', 'voivodeship', 'attempts', 'lastError', 'createdAt', 'failedAt'],
  properties: {
    id: str,
    template: str,
    recipient: str,
    subject: str,
    voivodeship: strOrNull,
    attempts: { type: 'integer', minimum: 0 },
    lastError: { ...strOrNull, description: 'Ostatnia odpowiedź serwera SMTP albo błąd' },
    createdAt: { type: 'string', format: 'date-time' },
    failedAt: { type: ['string', 'null'], format: 'date-time' },
  },
};
const auth = { '401': problemResponse('Niezalogowany albo sesja wygasła'), '403': problemResponse('To nie jest sesja administratora') };

/** The notification API as OpenAPI 3.1: internal, called by the admin UI with the administrator's token. */
export function notificationOpenApi() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'CAS Rejestracja — notification',
      version: '1',
      description:
        'Wewnętrzne API powiadomień: e-maile, których nie udało się wysłać, i ponowienie wysyłki. Administrator wojewódzki widzi tylko swoje województwo.',
    },
    security: [{ session: [] }, { bearer: [] }],
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'cas_session', description: 'Sesja administratora (z usługi rejestracji)' },
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Ten sam token sesji w nagłówku Authorization' },
      },
      schemas: { Problem: problemJsonSchema, FailedDelivery: failedDelivery },
    },
    paths: {
      '/api/v1/deliveries': {
        get: {
          summary: 'E-maile, których nie udało się wysłać, od ostatnio nieudanych',
          parameters: queryParams(failedQuery),
          responses: {
            '200': {
              description: 'Strona listy',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['items', 'next'],
                    properties: { items: { type: 'array', items: { $ref: '#/components/schemas/FailedDelivery' } }, next: strOrNull },
                  },
                },
              },
            },
            '400': problemResponse('Niepoprawne parametry zapytania'),
            ...auth,
          },
        },
      },
      '/api/v1/deliveries/{id}/retry': {
        post: {
          summary: 'Ponów wysyłkę e-maila, którego nie udało się wysłać',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', minLength: 1 } }],
          responses: {
            '202': {
              description: 'Ponownie w kolejce (queued: false — kolejka chwilowo niedostępna, uzgadniacz doda zadanie)',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['id', 'status', 'queued'],
                    properties: { id: str, status: { const: 'claimed' }, queued: { type: 'boolean' } },
                  },
                },
              },
            },
            ...auth,
            '404': problemResponse('Nie ma takiego e-maila w województwie administratora'),
            '409': problemResponse('E-mail nie jest oznaczony jako niewysłany'),
          },
        },
      },
    },
  };
}
