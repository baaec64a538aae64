import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { approvalOpenApi } from '../src/http/openapi.js';
import { summary } from '../src/http/review.routes.js';
import { toQueueEntry } from '../src/store/review-index.js';
import { unmatchedView } from '../src/http/scans.routes.js';
import { permissionSummary } from '../src/http/permission-reviews.routes.js';
import { REVIEW_STATUS, type ReviewItem } from '../src/domain/review-item.js';
import { PERMISSION_STATUS } from '../src/domain/permission-review.js';
import { UNMATCHED_STATUS } from '../src/store/unmatched-scan.repository.js';

type Schema = Record<string, unknown>;
type Operation = {
  parameters?: { name: string; in: string; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
};

/**
 * Every JSON route the approval routers register under /api/v1 (Express syntax). Adding a route to a router
 * without adding it here and to the document is caught by review; forgetting it in the document fails here.
 */
const API_ROUTES = [
  'GET /api/v1/review-items',
  'GET /api/v1/review-items/:applicationId',
  'POST /api/v1/review-items/:applicationId/approve',
  'POST /api/v1/review-items/:applicationId/reject',
  'GET /api/v1/unmatched-scans',
  'GET /api/v1/unmatched-scans/:scanId',
  'POST /api/v1/scans/:scanId/assign',
  'POST /api/v1/scans/:scanId/dismiss',
  'GET /api/v1/permission-reviews',
  'GET /api/v1/permission-reviews/:requestId',
  'POST /api/v1/permission-reviews/:requestId/approve',
  'POST /api/v1/permission-reviews/:requestId/reject',
  'GET /api/v1/audit',
];

const doc = approvalOpenApi();
const paths = doc.paths as unknown as Record<string, Record<string, Operation>>;
const operations = Object.entries(paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));

const ajv = new Ajv2020({ strict: false, allErrors: true });
ajvFormats.default(ajv);
/** A schema of the document as a standalone JSON Schema: component references become local `$defs`. */
const compile = (schema: Schema) =>
  ajv.compile({
    ...(JSON.parse(JSON.stringify(schema).replace(/"#\/components\/schemas\/(\w+)"/g, '"#/$defs/$1"')) as Schema),
    $defs: JSON.parse(JSON.stringify(doc.components.schemas)) as Schema,
  });
const jsonSchema = (path: string, method: string, status: string) =>
  paths[path]![method]!.responses[status]!.content!['application/json']!.schema!;
const bodySchema = (path: string) => paths[path]!.post!.requestBody!.content['application/json']!.schema;

describe('approval OpenAPI document', () => {
  it('is OpenAPI 3.1 with the admin session (cookie or bearer) as security', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.security).toEqual([{ session: [] }, { bearer: [] }]);
    expect(doc.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'cas_session' });
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('describes every API route of the routers, and nothing else', () => {
    const documented = operations.map(({ method, path }) => `${method.toUpperCase()} ${path}`).sort();
    const expected = API_ROUTES.map((r) => r.replace(/:(\w+)/g, '{$1}')).sort();
    for (const route of expected) expect(documented, `missing in the OpenAPI document: ${route}`).toContain(route);
    expect(documented).toEqual(expected);
  });

  it('declares each path parameter, and every reference resolves', () => {
    for (const { path, op } of operations) {
      const declared = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      expect(declared, path).toEqual([...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
    }
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]!);
    for (const name of refs) expect(Object.keys(doc.components.schemas)).toContain(name);
  });

  it('has only valid JSON Schemas (parameters, bodies, responses) and RFC 9457 problems for errors', () => {
    for (const { path, method, op } of operations) {
      for (const p of op.parameters ?? []) expect(() => compile(p.schema), `${method} ${path} ${p.name}`).not.toThrow();
      for (const c of Object.values(op.requestBody?.content ?? {})) expect(() => compile(c.schema), `${method} ${path} body`).not.toThrow();
      for (const [status, response] of Object.entries(op.responses)) {
        for (const c of Object.values(response.content ?? {}))
          if (c.schema) expect(() => compile(c.schema!), `${method} ${path} ${status}`).not.toThrow();
        if (Number(status) >= 400)
          expect(response.content?.['application/problem+json']?.schema).toEqual({ $ref: '#/components/schemas/Problem' });
      }
    }
    const problem = compile({ $ref: '#/components/schemas/Problem' });
    expect(problem({ type: 'about:blank', title: 'Błąd', status: 400, detail: 'x', errors: [{ field: 'reasonCode', message: 'm' }] })).toBe(
      true,
    );
  });

  it('takes request bodies and queries from the routes’ schemas', () => {
    const reject = compile(bodySchema('/api/v1/review-items/{applicationId}/reject'));
    expect(reject({ reasonCode: 'missing-signature', reasonText: 'Brak podpisu' })).toBe(true);
    expect(reject({ reasonCode: 'other' })).toBe(true);
    expect(reject({ reasonCode: 'whatever' })).toBe(false);
    expect(reject({ reasonCode: 'other', isAdmin: true })).toBe(false);
    expect(compile(bodySchema('/api/v1/scans/{scanId}/assign'))({})).toBe(false);
    expect(compile(bodySchema('/api/v1/permission-reviews/{requestId}/reject'))({ reason: 'Nie' })).toBe(true);
    expect(paths['/api/v1/permission-reviews/{requestId}/approve']!.post!.requestBody).toMatchObject({ required: false });
    const names = (path: string) => paths[path]!.get!.parameters!.map((p) => p.name);
    expect(names('/api/v1/review-items')).toEqual(['status', 'q', 'area', 'unitType', 'from', 'to', 'after', 'voivodeship', 'limit']);
    expect(names('/api/v1/audit')).toEqual(['from', 'to', 'group', 'actor', 'voivodeship', 'format', 'limit']);
    expect(Object.keys(paths['/api/v1/audit']!.get!.responses['200']!.content!)).toEqual(['application/json', 'text/csv']);
  });

  it('describes the responses the routes actually send', () => {
    const item: ReviewItem = {
      applicationId: '0197a0c0-0000-7000-8000-000000000001',
      number: '26/2026/000123',
      voivodeship: '26',
      kind: 'new-unit',
      status: REVIEW_STATUS.readyForReview,
      unit: { id: 'u1', isNew: true, name: 'Gminny Ośrodek', type: 'gops', regon: '123456789', teryt: '2601011' },
      user: {
        id: 'p1',
        firstName: 'Jan',
        lastName: 'Nowak',
        email: 'jan@example.pl',
        phone: '600100200',
        position: 'Kierownik',
        login: 'jnowak',
      },
      grants: [{ area: 'PS', subArea: 'ps-1' }],
      verificationCode: 'ABCDEFGH',
      submittedAt: new Date('2026-01-05T10:00:00Z'),
      expiresAt: new Date('2026-02-05T10:00:00Z'),
      scans: [],
      decision: null,
    };
    const s = summary(toQueueEntry(item)!, 7);
    expect(compile(jsonSchema('/api/v1/review-items/{applicationId}/approve', 'post', '200'))(s)).toBe(true);
    const counts = Object.fromEntries(Object.values(REVIEW_STATUS).map((k) => [k, 0]));
    expect(compile(jsonSchema('/api/v1/review-items', 'get', '200'))({ items: [s], counts, next: null })).toBe(true);
    const detail = JSON.parse(
      JSON.stringify({ ...s, item: { ...item, submittedAt: item.submittedAt?.toISOString(), expiresAt: undefined } }),
    ) as Schema;
    expect(compile(jsonSchema('/api/v1/review-items/{applicationId}', 'get', '200'))(detail)).toBe(true);

    const scan = unmatchedView({
      scanId: '0197a0c0-0000-7000-8000-000000000002',
      kind: 'unmatched',
      status: UNMATCHED_STATUS.open,
      voivodeship: '26',
      channel: 'epuap',
      sender: 'GOPS',
      subject: 'Wniosek',
      receivedAt: '2026-01-06T08:00:00.000Z',
      reason: 'Brak kodu QR',
      applicationId: null,
    });
    expect(compile(jsonSchema('/api/v1/scans/{scanId}/assign', 'post', '200'))(scan)).toBe(true);
    const scanCounts = Object.fromEntries(Object.values(UNMATCHED_STATUS).map((k) => [k, 1]));
    expect(compile(jsonSchema('/api/v1/unmatched-scans', 'get', '200'))({ items: [scan], counts: scanCounts, next: scan.scanId })).toBe(
      true,
    );

    const review = permissionSummary(
      {
        requestId: 'r1',
        status: PERMISSION_STATUS.pending,
        user: { id: 'p1', login: 'jnowak', name: 'Jan Nowak', email: 'jan@example.pl' },
        targetUnit: { id: 'u2', name: 'Szkoła', regon: '123456789', teryt: '2601011' },
        voivodeship: '26',
        subAreas: [{ area: 'SR', subArea: 'sr-1' }],
        justification: 'Nowe zadania',
        submittedAt: new Date('2026-01-07T09:00:00Z'),
        decision: null,
      },
      { userId: 'p1', unit: { id: 'u1', name: 'GOPS' }, activated: [{ area: 'PS', subArea: 'ps-1' }], granted: [], requestUnits: [] },
    );
    expect(compile(jsonSchema('/api/v1/permission-reviews/{requestId}', 'get', '200'))(review)).toBe(true);

    const entry = {
      at: '2026-01-07T09:00:00.000Z',
      kind: 'scan.assigned',
      actor: 'admin26',
      voivodeship: '26',
      subject: 's1',
      details: '',
      ip: null,
    };
    expect(compile(jsonSchema('/api/v1/audit', 'get', '200'))({ from: '2026-01-01', to: '2026-01-31', entries: [entry] })).toBe(true);
    expect(
      compile(jsonSchema('/api/v1/audit', 'get', '200'))({ from: '2026-01-01', to: '2026-01-31', entries: [{ ...entry, kind: 'x' }] }),
    ).toBe(false);
  });

  it('is served as built: plain JSON, the same on every build', () => {
    // createApp serves `res.json(approvalOpenApi())`; what JSON keeps of the document must be all of it.
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    expect(approvalOpenApi()).toEqual(doc);
  });
});
