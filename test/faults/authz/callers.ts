import { MATRIX_CSRF, type ServiceName, type System } from '@cas/testing';

/**
 * The callers of the cross-service authorization matrix (issue #8 step 6). The applicant is somebody whose
 * application is submitted but not approved: their account is still pending (a login answers 401, checked when
 * the fixtures are built), so they hold no session. Their only credentials are the ones registration handed out
 * at submission: the unguessable form token in `formUrl` and the pair (application number, e-mail) of the
 * status API. Everywhere else an applicant is an anonymous visitor.
 */
export const CALLERS = ['anonymous', 'applicant', 'user', 'admin26', 'admin14', 'central', 'mailroom26', 'mailroom14'] as const;
export type Caller = (typeof CALLERS)[number];

export const VOIVODESHIPS = ['26', '14'] as const;
export type Voivodeship = (typeof VOIVODESHIPS)[number];
export const otherVoivodeship = (v: Voivodeship): Voivodeship => (v === '26' ? '14' : '26');

/**
 * Where a caller belongs: its "own" resources are this voivodeship's fixtures, the "foreign" ones the other's.
 * The unit user's unit and the applicant's application are in 26. Anonymous visitors and the central admin have
 * no voivodeship; 26 is their nominal home, so their cells still split into the same two fixtures.
 */
export const HOME: Record<Caller, Voivodeship> = {
  anonymous: '26',
  applicant: '26',
  user: '26',
  admin26: '26',
  admin14: '14',
  central: '26',
  mailroom26: '26',
  mailroom14: '14',
};

export type SessionCaller = 'user' | 'admin26' | 'admin14' | 'central';
export const isSessionCaller = (c: Caller): c is SessionCaller => c === 'user' || c === 'admin26' || c === 'admin14' || c === 'central';

export interface Credentials {
  /** `cas_session=…` per session caller (made as production makes them, see role-matrix.ts). */
  sessions: Record<SessionCaller, string>;
  /**
   * Other sessions of the same roles (another admin of 26, of 14, another central admin, a second login of the
   * unit user): logging out ends a session, so the logout cells that run before the last ones use these.
   */
  spareSessions: Record<SessionCaller, string>;
  /** Mailroom API keys bound to 26 and 14 (`mailroom-keys create`). */
  mailroomKeys: Record<Voivodeship, string>;
}

/** One HTTP request of a cell. */
export interface Request {
  service: ServiceName;
  method: string;
  path: string;
  /** A page or form post as a browser sends it (HTML accepted, the CSRF cookie along with a form). */
  page: boolean;
  json?: unknown;
  form?: Record<string, string>;
  multipart?: () => FormData;
  /** Use the caller's spare session (see `Credentials.spareSessions`). */
  spare?: boolean;
}

/**
 * Sends `req` as `caller`. Sessions travel as the cookie a browser sends, except to notification, whose internal
 * API approval calls with the administrator's token as `Authorization: Bearer` (services/approval/src/http/
 * notification.client.ts). Mailroom clients send their key as `Authorization: Bearer` to every service; a service
 * that does not know API keys sees an anonymous request.
 */
export function send(sys: System, creds: Credentials, caller: Caller, req: Request): Promise<Response> {
  const headers: Record<string, string> = { accept: req.page ? 'text/html,*/*;q=0.8' : 'application/json' };
  const cookies: string[] = [];
  if (isSessionCaller(caller)) {
    const cookie = (req.spare ? creds.spareSessions : creds.sessions)[caller];
    if (req.service === 'notification') headers.authorization = `Bearer ${cookie.slice(cookie.indexOf('=') + 1)}`;
    else cookies.push(cookie);
  }
  if (caller === 'mailroom26' || caller === 'mailroom14')
    headers.authorization = `Bearer ${creds.mailroomKeys[caller === 'mailroom26' ? '26' : '14']}`;
  let body: string | FormData | undefined;
  if (req.form) {
    // The double-submit token (MATRIX_CSRF) as cookie and field: every caller passes the CSRF check, so what is
    // refused is refused for who the caller is.
    cookies.push(`cas_csrf=${MATRIX_CSRF}`);
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams({ _csrf: MATRIX_CSRF, ...req.form }).toString();
  } else if (req.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(req.json);
  } else if (req.multipart) body = req.multipart();
  if (cookies.length) headers.cookie = cookies.join('; ');
  return fetch(`${sys.service(req.service).baseUrl}${req.path}`, {
    method: req.method,
    headers,
    redirect: 'manual',
    ...(body === undefined ? {} : { body }),
    signal: AbortSignal.timeout(20_000),
  });
}
