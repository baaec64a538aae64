import fc from 'fast-check';

/** The subset of JSON Schema (draft 2020-12, as zod emits it into the OpenAPI documents) the generator reads. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  default?: unknown;
  $ref?: string;
}

/** Any JSON value, small: what a schema without a type allows, and the stuff of wrong-type mutations. */
export const anyJson = fc.jsonValue({ maxDepth: 2 });

/**
 * Plausible values for a schema: mostly valid (so inputs get past the first checks and reach the deeper
 * validation and the use cases), strings kept short (huge ones are a separate mutation).
 */
export function schemaArbitrary(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return anyJson;
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => schemaArbitrary(s, depth + 1)));
  if (Array.isArray(schema.type)) return fc.oneof(...schema.type.map((type) => schemaArbitrary({ ...schema, type }, depth + 1)));
  switch (schema.type) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(schemaArbitrary(schema.items, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, Math.max(schema.minItems ?? 0, 4)),
      });
    case 'object':
      return objectArbitrary(schema, depth);
    default:
      return anyJson;
  }
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.format === 'date-time')
    return fc.date({ noInvalidDate: true, min: new Date('1990-01-01'), max: new Date('2100-01-01') }).map((d) => d.toISOString());
  if (schema.pattern) {
    try {
      const re = new RegExp(schema.pattern);
      // Bounded patterns ({2,63}) produce bounded strings; cap anything else so bodies stay small.
      return fc.stringMatching(re).filter((s) => s.length <= (schema.maxLength ?? 300));
    } catch {
      // A pattern JavaScript cannot compile: fall through to a plain string.
    }
  }
  const min = schema.minLength ?? 0;
  return fc.oneof(
    fc.string({ minLength: min, maxLength: Math.max(min, Math.min(schema.maxLength ?? 40, 40)) }),
    // Polish letters and other non-ASCII text the forms are meant for.
    fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.max(min, Math.min(schema.maxLength ?? 20, 20)) }),
  );
}

function objectArbitrary(schema: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const props = schema.properties ?? {};
  const keys = Object.keys(props);
  if (keys.length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3 });
  const model = Object.fromEntries(keys.map((k) => [k, schemaArbitrary(props[k], depth + 1)]));
  return fc.record(model, { requiredKeys: (schema.required ?? []).filter((k) => k in props) });
}

/** Resolves a local `$ref` (`#/components/schemas/X`) against the document. */
export function resolveRef(doc: unknown, schema: JsonSchema | undefined): JsonSchema | undefined {
  if (!schema?.$ref?.startsWith('#/')) return schema;
  let node: unknown = doc;
  for (const part of schema.$ref.slice(2).split('/')) node = (node as Record<string, unknown> | undefined)?.[part];
  return node as JsonSchema | undefined;
}
