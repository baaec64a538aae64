import type { EventDefinition } from './envelope.js';
import * as registration from './events/registration.js';
import * as intake from './events/intake.js';
import * as approval from './events/approval.js';

const isDefinition = (v: unknown): v is EventDefinition =>
  typeof v === 'object' && v !== null && 'subject' in v && 'data' in v && 'stream' in v;

/** Every event of DESIGN §5.1, by subject. */
export const EVENTS: ReadonlyMap<string, EventDefinition> = new Map(
  ([...Object.values(registration), ...Object.values(intake), ...Object.values(approval)] as unknown[])
    .filter(isDefinition)
    .map((d) => [d.subject, d]),
);

export function eventDefinition(subject: string): EventDefinition | undefined {
  return EVENTS.get(subject);
}
