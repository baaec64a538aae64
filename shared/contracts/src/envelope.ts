import { z } from 'zod';
import { uuidv7 } from './uuid7.js';

/**
 * CloudEvents 1.0 JSON envelope with the `correlationid` and `causationid` extensions (DESIGN §5.1).
 * `type` always equals the NATS subject the event is published on.
 */
export const envelopeSchema = z.strictObject({
  specversion: z.literal('1.0'),
  id: z.uuid(),
  source: z.string().min(1).max(100),
  type: z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+\.v\d+$/),
  time: z.iso.datetime({ offset: true }),
  datacontenttype: z.literal('application/json'),
  correlationid: z.string().min(1).max(100),
  causationid: z.string().min(1).max(100).optional(),
  data: z.unknown(),
});

export type Envelope<D = unknown> = Omit<z.infer<typeof envelopeSchema>, 'data'> & { data: D };

export interface EventDefinition<S extends string = string, D extends z.ZodType = z.ZodType> {
  subject: S;
  /** The stream that captures this subject (the producer's stream). */
  stream: string;
  data: D;
}

export type EventData<E extends EventDefinition> = z.output<E['data']>;

export function defineEvent<S extends string, D extends z.ZodType>(subject: S, data: D): EventDefinition<S, D> {
  const owner = subject.split('.')[0] ?? '';
  return { subject, stream: owner.toUpperCase(), data };
}

export interface EventMeta {
  source: string;
  correlationId: string;
  causationId?: string;
  /** Fixed id for tests and replays; normally a fresh UUIDv7. */
  id?: string;
  time?: Date;
}

/** Builds an envelope, validating `data` against the event's schema (throws a ZodError when it fails). */
export function createEvent<E extends EventDefinition>(def: E, data: z.input<E['data']>, meta: EventMeta): Envelope<EventData<E>> {
  const parsed = def.data.parse(data) as EventData<E>;
  const env: Envelope<EventData<E>> = {
    specversion: '1.0',
    id: meta.id ?? uuidv7(),
    source: meta.source,
    type: def.subject,
    time: (meta.time ?? new Date()).toISOString(),
    datacontenttype: 'application/json',
    correlationid: meta.correlationId,
    data: parsed,
  };
  if (meta.causationId) env.causationid = meta.causationId;
  return env;
}
