import type { ServiceName } from '@cas/testing';
import type { JsonSchema } from './schema-arbitrary.js';

/**
 * Who sends a request. The authorized callers are the ones each endpoint's own checks let through, so the
 * generated inputs reach validation and the use cases behind it rather than stopping at 401.
 */
export const CALLERS = ['anonymous', 'user', 'central', 'admin26', 'central-bearer', 'mailroom', 'throwaway'] as const;
export type Caller = (typeof CALLERS)[number];

/** Headers that make a request come from `caller` (session cookie, admin token, mailroom key). */
export type Credentials = Record<Caller, Record<string, string>>;

export interface ParamSpec {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
}

export type BodySpec =
  | { type: 'json'; schema: JsonSchema; required: boolean }
  | { type: 'multipart'; schema: JsonSchema }
  /** An HTML form (urlencoded); `csrf`: the route checks the double-submit token. */
  | { type: 'form'; fields: Record<string, JsonSchema>; csrf: boolean };

export interface Endpoint {
  service: ServiceName;
  method: string;
  /** The route with `{name}` for path parameters. */
  path: string;
  /** `api`: JSON API (problem JSON expected on 4xx); `page`: HTML page or form; `infra`: health, metrics, OpenAPI. */
  kind: 'api' | 'page' | 'infra';
  params: ParamSpec[];
  body: BodySpec | null;
  /** The authorized callers, taken in turn; empty for public endpoints (sent anonymously and with a session). */
  callers: Caller[];
}

/** One generated request, ready to send (bodies are built when sent: some are a megabyte). */
export interface FuzzRequest {
  method: string;
  /** The raw request target, path and query, percent-encoded (or deliberately not). */
  target: string;
  headers: Record<string, string>;
  body?: () => Buffer;
  /** What was done to the input, shown when it fails. */
  label: string;
  /** Set by the runner. */
  caller?: Caller;
}

export const endpointName = (e: Pick<Endpoint, 'service' | 'method' | 'path'>) => `${e.service} ${e.method} ${e.path}`;
