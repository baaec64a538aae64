import type { SigningKey } from './signing-key.js';

export interface RotationPolicy {
  /** Age of the newest key after which a new one should be generated. */
  rotateAfterMs: number;
  /**
   * How long a replaced key stays published for verification. Must be at least the token TTL, so every token
   * it signed expires before it disappears.
   */
  keepRetiredMs: number;
}

export interface RotationPlan {
  /** The newest key is missing or older than `rotateAfterMs`: generate one and put it first. */
  needNewKey: boolean;
  /** The keys to keep (sign with the first, verify with all), newest first. */
  active: SigningKey[];
}

/**
 * Decides the key ring's next state. Pure. A key is dropped when it is older than `rotateAfterMs +
 * keepRetiredMs` and, in addition, the key that replaced it has existed for `keepRetiredMs`: a key that kept
 * signing past its rotation date (the rotation job did not run) is kept until its last tokens have expired.
 * The newest key is never dropped: it is the one signing until its successor exists.
 */
export function planRotation(keys: readonly SigningKey[], now: Date, policy: RotationPolicy): RotationPlan {
  const t = now.getTime();
  const sorted = [...keys].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const active = sorted.filter((key, index) => {
    const successor = sorted[index - 1];
    if (!successor) return true;
    const old = t - key.createdAt.getTime() >= policy.rotateAfterMs + policy.keepRetiredMs;
    const replacedLongAgo = t - successor.createdAt.getTime() >= policy.keepRetiredMs;
    return !(old && replacedLongAgo);
  });
  const newest = active[0];
  const needNewKey = !newest || t - newest.createdAt.getTime() >= policy.rotateAfterMs;
  return { needNewKey, active };
}
