import fc from 'fast-check';
import { anyJson } from './schema-arbitrary.js';
import { Huge, NASTY_KEYS, NASTY_NUMBERS, nastyString, Raw, hugeString } from './nasty.js';

/**
 * One change to a JSON value: fast-check draws the change and a number that picks the node it lands on, so the
 * same seed gives the same broken body. Applied to a plausible value from the schema, each change tests one
 * validation rule at a time (a wrong type here, a missing field there, an extra key…).
 */
export type Mutation =
  | { kind: 'wrong-type'; at: number; value: unknown }
  | { kind: 'drop-field'; at: number }
  | { kind: 'extra-field'; at: number; key: string; value: unknown }
  | { kind: 'nasty-string'; at: number; value: string }
  | { kind: 'huge-string'; at: number; size: number; unit: string }
  | { kind: 'nasty-number'; at: number; text: string }
  | { kind: 'deep-nesting'; at: number; depth: number; open: string }
  | { kind: 'proto-pollution'; at: number; key: '__proto__' | 'constructor' }
  | { kind: 'big-array'; at: number; length: number };

const at = fc.nat();
export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('wrong-type' as const), at, value: anyJson }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('drop-field' as const), at }), weight: 3 },
  {
    arbitrary: fc.record({
      kind: fc.constant('extra-field' as const),
      at,
      key: fc.oneof(fc.constantFrom(...NASTY_KEYS), fc.string({ maxLength: 10 })),
      value: anyJson,
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('nasty-string' as const), at, value: nastyString }), weight: 4 },
  { arbitrary: fc.tuple(at, hugeString).map(([i, h]) => ({ kind: 'huge-string' as const, at: i, ...h })), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('nasty-number' as const), at, text: fc.constantFrom(...NASTY_NUMBERS) }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('deep-nesting' as const),
      at,
      depth: fc.constantFrom(50, 1_000, 5_000, 20_000),
      open: fc.constantFrom('[', '{"a":'),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('proto-pollution' as const), at, key: fc.constantFrom('__proto__', 'constructor') }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('big-array' as const), at, length: fc.constantFrom(100, 10_000) }), weight: 1 },
);

type Slot = { parent: Record<string, unknown> | unknown[]; key: string | number };

/** Every place in the tree a value can be swapped (object properties, array elements). */
function slots(root: unknown): Slot[] {
  const out: Slot[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v))
      v.forEach((x, i) => {
        out.push({ parent: v, key: i });
        walk(x);
      });
    else if (v !== null && typeof v === 'object' && !(v instanceof Raw) && !(v instanceof Huge))
      for (const [k, x] of Object.entries(v)) {
        out.push({ parent: v as Record<string, unknown>, key: k });
        walk(x);
      }
  };
  walk(root);
  return out;
}

function objects(root: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object' && !(v instanceof Raw) && !(v instanceof Huge)) {
      out.push(v as Record<string, unknown>);
      Object.values(v).forEach(walk);
    }
  };
  walk(root);
  return out;
}

const set = (s: Slot, value: unknown) => ((s.parent as Record<string | number, unknown>)[s.key] = value);

/** Applies `m` to `root` (a fresh, mutable copy) and returns the result; the root itself may be replaced. */
export function applyMutation(root: unknown, m: Mutation): unknown {
  const places = slots(root);
  const place = places.length ? places[m.at % places.length]! : undefined;
  const replace = (value: unknown) => (place ? (set(place, value), root) : value);
  switch (m.kind) {
    case 'wrong-type':
      return replace(m.value);
    case 'nasty-string':
      return replace(m.value);
    case 'huge-string':
      return replace(new Huge(m.size, m.unit));
    case 'nasty-number':
      return replace(new Raw(m.text));
    case 'deep-nesting': {
      const close = m.open === '[' ? ']' : '}';
      return replace(new Raw(`${m.open.repeat(m.depth)}1${close.repeat(m.depth)}`));
    }
    case 'big-array':
      return replace(Array.from({ length: m.length }, (_, i) => i));
    case 'drop-field': {
      const owners = objects(root).filter((o) => Object.keys(o).length > 0);
      const owner = owners[m.at % Math.max(owners.length, 1)];
      if (owner) delete owner[Object.keys(owner)[m.at % Object.keys(owner).length]!];
      return root;
    }
    case 'extra-field':
    case 'proto-pollution': {
      const owner = objects(root)[m.at % Math.max(objects(root).length, 1)];
      const value = m.kind === 'extra-field' ? m.value : { isAdmin: true, role: 'central-admin', polluted: 1 };
      // defineProperty: an own `__proto__` key, as JSON.parse makes one on the server.
      if (owner) Object.defineProperty(owner, m.key, { value, enumerable: true, writable: true, configurable: true });
      return owner ? root : { [m.key]: value };
    }
  }
}

/** A copy that mutations may change without touching the arbitrary's shared values. */
export const clone = <T>(v: T): T => structuredClone(v);
