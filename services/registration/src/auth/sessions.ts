import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { SESSION_COOKIE, type SessionClaims, type TokenIssuer, type TokenVerifier } from '@cas/auth';
import { cookieSecure, readCookie } from '@cas/http';
import { fullName, USER_STATUS, type User } from '../domain/account.js';
import type { SessionStore } from '../store/session.store.js';
import type { UserRepository } from '../store/user.repository.js';

export { SESSION_COOKIE };

export interface SessionSettings {
  /** Lifetime of one token; other services accept it until then, so keep it short. */
  tokenTtlSeconds: number;
  /** A session without activity for this long is over. */
  idleSeconds: number;
  /** A session is over this long after the password login, whatever the activity. */
  absoluteSeconds: number;
  /** A token older than this is replaced on the next request. */
  renewAfterSeconds: number;
}

export interface SessionDeps {
  issuer: TokenIssuer;
  verifier: TokenVerifier;
  /** The same keys, accepting tokens expired for up to the idle timeout: such a token may be renewed. */
  renewalVerifier: TokenVerifier;
  sessions: SessionStore;
  users: UserRepository;
  settings: SessionSettings;
}

export interface CurrentSession {
  claims: SessionClaims;
  user: User;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

function claimsFor(user: User, sid: string, authTime: number, mfa: boolean): SessionClaims {
  return {
    sub: user.id,
    sid,
    role: user.role,
    voivodeship: user.voivodeship,
    unitId: user.unit?.id ?? null,
    login: user.login,
    name: fullName(user),
    authTime,
    mfa,
    mustChangePassword: user.mustChangePassword,
  };
}

/**
 * Session cookies (DESIGN §3): an EdDSA token in an HttpOnly, SameSite=Lax cookie, backed by a live-session
 * record in Redis (logout and revocation delete it). Tokens are short-lived and renewed on activity; the
 * idle and absolute timeouts end the session. The registration service, being the identity provider, also
 * checks the account on every request: blocked, closed or disabled accounts and sessions older than a
 * password change or a revocation are over at once.
 */
export function createSessions(deps: SessionDeps) {
  const { settings } = deps;

  function setCookie(req: Request, res: Response, token: string): void {
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      secure: cookieSecure(req),
      sameSite: 'lax',
      path: '/',
      maxAge: settings.absoluteSeconds * 1000,
    });
  }

  function clearCookie(req: Request, res: Response): void {
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, secure: cookieSecure(req), sameSite: 'lax', path: '/' });
  }

  async function issue(req: Request, res: Response, claims: SessionClaims): Promise<void> {
    setCookie(req, res, await deps.issuer.issue(claims));
  }

  return {
    /** After a password login: a new session id, the live-session record and the cookie. */
    async start(req: Request, res: Response, user: User, opts: { mfa?: boolean } = {}): Promise<SessionClaims> {
      const authTime = nowSeconds();
      const sid = randomBytes(18).toString('base64url');
      await deps.sessions.create(
        { sid, userId: user.id, authTime, absoluteExpiresAt: authTime + settings.absoluteSeconds },
        settings.idleSeconds,
      );
      const claims = claimsFor(user, sid, authTime, opts.mfa ?? false);
      await issue(req, res, claims);
      res.locals.session = { claims, user } satisfies CurrentSession;
      return claims;
    },

    /** The same session with fresh claims (after the second factor, a password change, a profile edit). */
    async reissue(req: Request, res: Response, session: CurrentSession, changes: { mfa?: boolean; user?: User } = {}): Promise<void> {
      const user = changes.user ?? session.user;
      const claims = claimsFor(user, session.claims.sid, session.claims.authTime, changes.mfa ?? session.claims.mfa);
      await issue(req, res, claims);
      res.locals.session = { claims, user } satisfies CurrentSession;
    },

    async end(req: Request, res: Response): Promise<void> {
      const current = res.locals.session as CurrentSession | undefined;
      if (current) await deps.sessions.end(current.claims.sid, current.user.id);
      clearCookie(req, res);
      res.locals.session = undefined;
    },

    /** Reads the cookie on every request; sets `res.locals.session` when the session is alive. */
    middleware() {
      return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
        const token = readCookie(req, SESSION_COOKIE);
        if (!token) return next();
        try {
          let claims: SessionClaims | null = null;
          let renew = false;
          try {
            claims = await deps.verifier.verify(token);
          } catch {
            claims = await deps.renewalVerifier.verify(token).catch(() => null);
            renew = true;
          }
          const record = claims ? await deps.sessions.get(claims.sid) : null;
          const user = claims && record?.userId === claims.sub ? await deps.users.findById(claims.sub) : null;
          const void_ =
            !claims ||
            !record ||
            !user ||
            user.status !== USER_STATUS.active ||
            (user.sessionsValidAfter !== null && claims.authTime * 1000 < new Date(user.sessionsValidAfter).getTime() - 999) ||
            nowSeconds() >= record.absoluteExpiresAt;
          if (void_ || !claims || !record || !user) {
            if (claims && record) await deps.sessions.end(claims.sid, claims.sub);
            clearCookie(req, res);
            return next();
          }
          const session: CurrentSession = { claims, user };
          res.locals.session = session;
          const issuedAgo = nowSeconds() - (decodeIat(token) ?? 0);
          if (renew || issuedAgo >= settings.renewAfterSeconds) {
            await deps.sessions.touch(record, settings.idleSeconds);
            await issue(req, res, claimsFor(user, claims.sid, claims.authTime, claims.mfa));
          }
          next();
        } catch (e) {
          next(e);
        }
      };
    },
  };
}
export type Sessions = ReturnType<typeof createSessions>;

/** `iat` of a token already verified (its payload is trusted at this point). */
function decodeIat(token: string): number | null {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iat?: unknown };
    return typeof payload.iat === 'number' ? payload.iat : null;
  } catch {
    return null;
  }
}

export const currentSession = (res: Response): CurrentSession | undefined => res.locals.session as CurrentSession | undefined;
