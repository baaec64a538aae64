import type { CellContext, Endpoint, Outcome } from './policy.js';

/** A 5xx is never an authorization answer: it is a mismatch whatever the policy says. */
export type Observed = Outcome | 'error';

/**
 * Problem codes of a 401 that is a business answer to somebody already authorized: a wrong second-factor code
 * from an admin who is logged in (registration, auth/second-factor.ts).
 */
const BUSINESS_401 = new Set(['AUTH.SECOND_FACTOR_FAILED']);

/** Registration's guards send a page visitor without a session here (auth/guards.ts), with the way back. */
const LOGIN_REDIRECT = /^\/logowanie\?powrot=/;

export interface Classified {
  observed: Observed;
  /** Status, problem code or redirect target: what the mismatch list shows. */
  detail: string;
}

/**
 * What the answer means for the caller (see `Outcome` in policy.ts). Registration's pages never answer 401 for
 * a missing session (they redirect to the login page), so a 401 page there is a refused password or code.
 */
export async function classify(res: Response, ep: Endpoint, c: CellContext): Promise<Classified> {
  const body = await res.text();
  const location = res.headers.get('location') ?? '';
  const code = res.headers.get('content-type')?.includes('problem+json') ? (/"code":"([^"]+)"/.exec(body)?.[1] ?? '') : '';
  const detail = [res.status, code, location && `→ ${location}`].filter(Boolean).join(' ');
  const is = (observed: Observed): Classified => ({ observed, detail });
  if (res.status >= 500) return is('error');
  if (res.status >= 300 && res.status < 400) {
    if (LOGIN_REDIRECT.test(location)) return is('login');
    return is(ep.hiddenRedirect?.test(location) ? 'hidden' : 'allow');
  }
  if (res.status === 401) return is((ep.service === 'registration' && ep.page) || BUSINESS_401.has(code) ? 'allow' : 'login');
  if (res.status === 403) return is('forbidden');
  if (res.status === 404) return is('hidden');
  if (res.status === 200 && ep.visible && c.scope !== 'n/a') {
    try {
      return ep.visible(body, c) ? is('allow') : { observed: 'hidden', detail: `${detail} (not listed)` };
    } catch {
      return { observed: 'error', detail: `${detail} (unreadable list)` };
    }
  }
  return is('allow');
}
