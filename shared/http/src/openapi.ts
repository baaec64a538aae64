import { z } from 'zod';

/** JSON Schema of a zod schema as requests see it (input side), tolerant of refinements and transforms. */
export const jsonSchemaOf = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });

/** JSON Schema of the RFC 9457 problem document every API answers errors with (OpenAPI components). */
export const problemJsonSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'errors'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string' },
    instance: { type: 'string' },
    correlationId: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
} as const;

/** An OpenAPI response that is a problem document (`#/components/schemas/Problem`). */
export const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** A zod schema as an embeddable JSON Schema (the `$schema` marker belongs to a document root only). */
export const schemaOf = (s: z.ZodType): Record<string, unknown> => {
  const { $schema: _root, ...rest } = jsonSchemaOf(s) as Record<string, unknown>;
  return rest;
};

/** OpenAPI query parameters from a route's zod query schema (each property one parameter). */
export function queryParams(s: z.ZodType) {
  const json = schemaOf(s) as { properties: Record<string, object>; required?: string[] };
  return Object.entries(json.properties).map(([name, schema]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema,
  }));
}
