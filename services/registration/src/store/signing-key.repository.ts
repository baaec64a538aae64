import { generateSigningKey, openPrivateJwk, planRotation, sealPrivateJwk, type SigningKey } from '@cas/auth';
import type { Logger } from '@cas/logger';
import type { Models } from './models.js';

export interface KeyRingOptions {
  /** Seals the private keys at rest (AES-256-GCM via HKDF). */
  secret: string;
  rotateAfterMs: number;
  /** ≥ the longest token lifetime, so tokens signed by a replaced key expire before it is dropped. */
  keepRetiredMs: number;
  logger: Logger;
}

export interface KeyRing {
  /** Newest first: the first signs, all verify. */
  keys(): readonly SigningKey[];
  /** Reloads from MongoDB, generates a key when the newest is due, drops retired ones. */
  refresh(): Promise<void>;
}

/**
 * Session-token signing keys in MongoDB, shared by all replicas. Any replica may rotate: the new key is a
 * unique insert, so two replicas rotating at once leave two fresh keys, both published, which is harmless.
 */
export async function createKeyRing(models: Models, opts: KeyRingOptions): Promise<KeyRing> {
  let current: SigningKey[] = [];
  const load = async (): Promise<SigningKey[]> => {
    const docs = await models.SigningKey.find({}).lean();
    return docs.map((d) => ({
      kid: d._id,
      createdAt: new Date(d.createdAt),
      privateJwk: openPrivateJwk(d.sealedPrivateJwk, opts.secret),
      publicJwk: d.publicJwk,
    }));
  };
  const ring: KeyRing = {
    keys: () => current,
    async refresh() {
      const now = new Date();
      let plan = planRotation(await load(), now, { rotateAfterMs: opts.rotateAfterMs, keepRetiredMs: opts.keepRetiredMs });
      if (plan.needNewKey) {
        const key = await generateSigningKey(now);
        await models.SigningKey.collection.insertOne({
          _id: key.kid as never,
          sealedPrivateJwk: sealPrivateJwk(key.privateJwk, opts.secret),
          publicJwk: key.publicJwk,
          createdAt: key.createdAt,
        });
        opts.logger.info({ kid: key.kid }, 'session signing key generated');
        plan = planRotation(await load(), now, { rotateAfterMs: opts.rotateAfterMs, keepRetiredMs: opts.keepRetiredMs });
      }
      const keep = new Set(plan.active.map((k) => k.kid));
      for (const k of await load()) {
        if (!keep.has(k.kid)) {
          await models.SigningKey.deleteOne({ _id: k.kid });
          opts.logger.info({ kid: k.kid }, 'retired session signing key removed');
        }
      }
      current = plan.active;
    },
  };
  await ring.refresh();
  return ring;
}
