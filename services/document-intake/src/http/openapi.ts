import { jsonSchemaOf, problemJsonSchema, problemResponse } from '@cas/http';
import { SCAN_STATUS } from '../domain/scan.js';
import { scanFieldsSchema } from './scans.routes.js';

const scanStatusSchema = {
  type: 'object',
  required: ['scanId', 'status'],
  properties: {
    scanId: { type: 'string' },
    status: { enum: Object.values(SCAN_STATUS) },
    applicationNumber: { type: 'string', pattern: '^\\d{2}/\\d{4}/\\d{6}$' },
    matchedBy: { enum: ['qr', 'text', 'manual'] },
    verified: { type: 'boolean' },
    reason: { type: 'string' },
    duplicateOf: { type: 'string' },
    receivedAt: { type: 'string', format: 'date-time' },
  },
};

/** The mailroom API as OpenAPI 3.1 (DESIGN §5.2), the upload fields generated from the route's zod schema. */
export function intakeOpenApi() {
  const fields = jsonSchemaOf(scanFieldsSchema) as { properties: Record<string, unknown>; required?: string[] };
  return {
    openapi: '3.1.0',
    info: {
      title: 'CAS Rejestracja — document intake (kancelaria)',
      version: '1',
      description:
        'Przyjmowanie skanów podpisanych formularzy z kancelarii urzędu wojewódzkiego (ePUAP, e-Doręczenia, e-mail, poczta). Klucz API kancelarii jest przypisany do jednego województwa.',
    },
    components: {
      securitySchemes: {
        mailroomKey: { type: 'http', scheme: 'bearer', description: 'Klucz API kancelarii (casmr_…), tworzony poleceniem mailroom-keys.' },
        adminSession: {
          type: 'apiKey',
          in: 'cookie',
          name: 'cas_session',
          description: 'Sesja administratora (token z usługi rejestracji).',
        },
      },
      schemas: { Problem: problemJsonSchema, ScanStatus: scanStatusSchema },
    },
    paths: {
      '/api/v1/scans': {
        post: {
          summary: 'Przekaż skan(y) podpisanego formularza',
          security: [{ mailroomKey: [] }],
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 } }],
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  required: ['file', ...(fields.required ?? [])],
                  properties: { file: { type: 'array', items: { type: 'string', format: 'binary' } }, ...fields.properties },
                },
              },
            },
          },
          responses: {
            '202': {
              description: 'Przyjęto do przetworzenia (ponowne wysłanie z tym samym externalId zwraca te same skany)',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['scanId', 'status', 'scans'],
                    properties: {
                      scanId: { type: 'string' },
                      status: { enum: Object.values(SCAN_STATUS) },
                      scans: { type: 'array', items: { $ref: '#/components/schemas/ScanStatus' } },
                    },
                  },
                },
              },
            },
            '400': problemResponse('Niepoprawne pola lub treść multipart'),
            '401': problemResponse('Brak lub niepoprawny klucz API'),
            '413': problemResponse('Plik za duży albo za dużo plików'),
            '415': problemResponse('Oczekiwano multipart/form-data'),
            '422': problemResponse('externalId użyty już z innymi plikami'),
          },
        },
      },
      '/api/v1/scans/{id}': {
        get: {
          summary: 'Stan skanu',
          security: [{ mailroomKey: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'Stan', content: { 'application/json': { schema: { $ref: '#/components/schemas/ScanStatus' } } } },
            '401': problemResponse('Brak lub niepoprawny klucz API'),
            '404': problemResponse('Nie ma takiego skanu w województwie tego klucza'),
          },
        },
      },
      '/api/v1/scans/{id}/file': {
        get: {
          summary: 'Plik skanu (administratorzy województwa skanu)',
          security: [{ adminSession: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'Oryginalne bajty (Content-Disposition: attachment)', content: { 'application/octet-stream': {} } },
            '401': problemResponse('Niezalogowany'),
            '403': problemResponse('Nie administrator'),
            '404': problemResponse('Nie ma takiego skanu w województwie administratora'),
          },
        },
      },
    },
  };
}
