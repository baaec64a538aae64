/**
 * Timing of two kinds of request against each other (user enumeration: does the answer for an existing account
 * take longer than for an unknown one?). Requests are sent in pairs, one of each kind in random order with a
 * jittered pause between them, so whatever else the machine does lands on both kinds alike.
 */
export type PairKind = 'a' | 'b';

export interface PairedTimingRound {
  /** Median milliseconds of kind a and of kind b. */
  a: number;
  b: number;
  /** |a − b| / min(a, b). */
  gap: number;
}

export interface PairedTimingOptions {
  /** Pairs per round, and how many requests of the first round are a warm-up (not counted). */
  rounds: { pairs: number; warmUp: number }[];
  /** Seed of the order and pause generator, so a run can be repeated. */
  seed?: number;
  sleep?: (ms: number) => Promise<void>;
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

/** Runs `send(kind)` for every request of every round; returns each round's medians and gap. */
export async function pairedTiming(send: (kind: PairKind) => Promise<void>, options: PairedTimingOptions): Promise<PairedTimingRound[]> {
  let seed = options.seed ?? 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const out: PairedTimingRound[] = [];
  for (const { pairs, warmUp } of options.rounds) {
    const times: Record<PairKind, number[]> = { a: [], b: [] };
    const order = Array.from({ length: pairs }, (): PairKind[] => (random() < 0.5 ? ['a', 'b'] : ['b', 'a'])).flat();
    for (const [i, kind] of order.entries()) {
      const t0 = performance.now();
      await send(kind);
      const ms = performance.now() - t0;
      if (i >= warmUp) times[kind].push(ms);
      await sleep(5 + random() * 20);
    }
    const a = median(times.a);
    const b = median(times.b);
    out.push({ a, b, gap: Math.abs(a - b) / Math.min(a, b) });
  }
  return out;
}

/** The median round's gap: a difference the service makes shows in every round, a busy machine's noise does not. */
export const medianGap = (rounds: PairedTimingRound[]): number => median(rounds.map((r) => r.gap));
