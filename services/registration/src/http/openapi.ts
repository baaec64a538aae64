import { AREA_CODES } from '@cas/contracts';
import type { Catalogue } from '../domain/catalogue.js';
import { buildApplicationInputSchema, buildUnitSchemas } from '../domain/application-input.js';
import { jsonSchemaOf, problemJsonSchema, problemResponse } from '@cas/http';
import { accountPaths, sessionSecurityScheme } from './openapi-accounts.js';

const jsonSchema = jsonSchemaOf;

const problem = problemJsonSchema;

/** The registration service's public API as OpenAPI 3.1 (DESIGN §5.2), generated from the same zod schemas. */
export function registrationOpenApi(catalogue: Catalogue) {
  const input = buildApplicationInputSchema(catalogue);
  const { newUnit, existingUnit } = buildUnitSchemas(catalogue);
  const body = jsonSchema(input.omit({ unit: true })) as { properties: Record<string, unknown>; required?: string[] };
  body.properties.unit = { oneOf: [jsonSchema(newUnit), jsonSchema(existingUnit)] };
  body.required = [...new Set([...(body.required ?? []), 'unit'])];
  return {
    openapi: '3.1.0',
    info: {
      title: 'CAS Rejestracja — registration',
      version: '1',
      description: 'Rejestracja jednostek i użytkowników Centralnej Aplikacji Statystycznej.',
    },
    paths: {
      '/api/v1/applications': {
        post: {
          summary: 'Złóż wniosek rejestracyjny (nowa jednostka albo istniejąca + użytkownik)',
          parameters: [
            { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,128}$' } },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: body } } },
          responses: {
            '201': {
              description: 'Wniosek zapisany',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['id', 'number', 'status', 'verificationCode', 'formUrl', 'statusUrl'],
                    properties: {
                      id: { type: 'string' },
                      number: { type: 'string', pattern: '^\\d{2}/\\d{4}/\\d{6}$' },
                      status: { type: 'string' },
                      verificationCode: { type: 'string', pattern: '^[A-Z2-7]{8}$' },
                      formUrl: { type: 'string', format: 'uri' },
                      statusUrl: { type: 'string', format: 'uri' },
                    },
                  },
                },
              },
            },
            '400': problemResponse('Niepoprawne dane (pola w `errors`)'),
            '413': problemResponse('Zbyt duże żądanie'),
            '415': problemResponse('Nieobsługiwany typ treści'),
            '422': problemResponse('Login zajęty, REGON już w CAS, nieznana jednostka albo Idempotency-Key użyty z inną treścią'),
            '503': problemResponse('Usługa chwilowo niedostępna'),
          },
        },
      },
      '/api/v1/applications/status': {
        get: {
          summary: 'Status wniosku (numer + e-mail)',
          parameters: [
            { name: 'number', in: 'query', required: true, schema: { type: 'string', pattern: '^\\d{2}/\\d{4}/\\d{6}$' } },
            { name: 'email', in: 'query', required: true, schema: { type: 'string', maxLength: 254 } },
          ],
          responses: {
            '200': {
              description: 'Status i daty',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      number: { type: 'string' },
                      status: { type: 'string' },
                      timeline: {
                        type: 'array',
                        items: { type: 'object', properties: { status: { type: 'string' }, at: { type: 'string', format: 'date-time' } } },
                      },
                    },
                  },
                },
              },
            },
            '400': problemResponse('Niepoprawny numer'),
            '404': problemResponse('Nie znaleziono wniosku o tym numerze i adresie e-mail'),
          },
        },
      },
      '/api/v1/units': {
        get: {
          summary: 'Wyszukaj aktywne jednostki (REGON, TERYT lub nazwa); tylko dane publiczne',
          parameters: [{ name: 'query', in: 'query', required: true, schema: { type: 'string', minLength: 3, maxLength: 100 } }],
          responses: { '200': { description: 'Jednostki' }, '400': problemResponse('Za krótkie zapytanie') },
        },
      },
      '/api/v1/catalogues': {
        get: { summary: 'Województwa, obszary i podobszary, typy jednostek', responses: { '200': { description: 'Katalogi' } } },
      },
      '/api/v1/help/videos': { get: { summary: 'Filmy instruktażowe', responses: { '200': { description: 'Filmy' } } } },
      ...accountPaths(catalogue),
    },
    components: {
      schemas: { Problem: problem, AreaCode: { type: 'string', enum: [...AREA_CODES] } },
      securitySchemes: sessionSecurityScheme,
    },
  };
}
