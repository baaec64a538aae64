import { luaCommand, type Redis } from '@cas/queue';

/** Redis key prefixes: stored names, do not rename (renaming logs everybody out). */
const SESSION_KEY = (sid: string) => `cas:reg:session:${sid}`;
const USER_SESSIONS_KEY = (userId: string) => `cas:reg:user-sessions:${userId}`;

export interface SessionRecord {
  sid: string;
  userId: string;
  /** Epoch seconds of the password login. */
  authTime: number;
  /** Epoch seconds after which the session ends whatever the activity (absolute timeout). */
  absoluteExpiresAt: number;
}

/**
 * Live sessions: an allow-list in Redis with the idle timeout as its TTL. A session that is not here is over
 * (logout, revocation, idle, a Redis flush), so losing Redis logs people out and never lets a revoked session
 * back in. Blocks and password state live in MongoDB, not here.
 */
export function createSessionStore(redis: Redis) {
  const createScript = luaCommand(redis, 'casRegSessionCreate', CREATE_SCRIPT, 2);
  return {
    async create(s: SessionRecord, idleSeconds: number): Promise<void> {
      const ttl = Math.max(1, Math.min(idleSeconds, s.absoluteExpiresAt - Math.floor(Date.now() / 1000)));
      const listTtl = Math.max(ttl, s.absoluteExpiresAt - Math.floor(Date.now() / 1000));
      await createScript(SESSION_KEY(s.sid), USER_SESSIONS_KEY(s.userId), JSON.stringify(s), ttl, s.sid, listTtl);
    },

    async get(sid: string): Promise<SessionRecord | null> {
      const raw = await redis.get(SESSION_KEY(sid));
      return raw ? (JSON.parse(raw) as SessionRecord) : null;
    },

    /** Activity: the idle timeout starts again (never beyond the absolute end). */
    async touch(s: SessionRecord, idleSeconds: number): Promise<void> {
      const ttl = Math.min(idleSeconds, s.absoluteExpiresAt - Math.floor(Date.now() / 1000));
      if (ttl > 0) await redis.expire(SESSION_KEY(s.sid), ttl);
      else await redis.del(SESSION_KEY(s.sid));
    },

    async end(sid: string, userId: string): Promise<void> {
      await redis.multi().del(SESSION_KEY(sid)).srem(USER_SESSIONS_KEY(userId), sid).exec();
    },

    /** Ends every session of the user but `keepSid`; returns how many ended. */
    async endAll(userId: string, keepSid?: string): Promise<number> {
      const sids = (await redis.smembers(USER_SESSIONS_KEY(userId))).filter((s) => s !== keepSid);
      if (sids.length === 0) return 0;
      await redis
        .multi()
        .del(...sids.map(SESSION_KEY))
        .srem(USER_SESSIONS_KEY(userId), ...sids)
        .exec();
      return sids.length;
    },
  };
}
export type SessionStore = ReturnType<typeof createSessionStore>;

/** The session record and its entry in the user's list, both with their TTL: one command (a login's hot path). */
const CREATE_SCRIPT = `redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[4])
return 1`;

/** INCR, start the window on the first hit, and return the count and the seconds left: one round trip. */
const HIT_SCRIPT = `local c = redis.call('INCR', KEYS[1])
if c == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return {c, redis.call('TTL', KEYS[1])}`;

/** Rate-limit counter keys: stored names, do not rename. */
const RATE_KEY = (bucket: string, id: string) => `cas:reg:rate:${bucket}:${id}`;

/**
 * Fixed-window counters in Redis (INCR + EXPIRE NX in one transaction). Returns whether this hit is within
 * `limit` and, when not, the seconds until the window ends.
 */
export function createRateLimiter(redis: Redis) {
  const hitScript = luaCommand(redis, 'casRegRateHit', HIT_SCRIPT, 1);
  return {
    async hit(bucket: string, id: string, limit: number, windowSeconds: number): Promise<{ allowed: boolean; retryAfter: number }> {
      const [count, ttl] = (await hitScript(RATE_KEY(bucket, id), windowSeconds)) as [number, number];
      return { allowed: count <= limit, retryAfter: Math.max(1, ttl) };
    },
    /** The current count without counting (0 when the window has ended). */
    async peek(bucket: string, id: string): Promise<{ count: number; retryAfter: number }> {
      const key = RATE_KEY(bucket, id);
      const [count, ttl] = await Promise.all([redis.get(key), redis.ttl(key)]);
      return { count: Number(count ?? 0), retryAfter: Math.max(1, ttl) };
    },
  };
}
export type RateLimiter = ReturnType<typeof createRateLimiter>;
