import type { CellContext, Endpoint } from './policy.js';

/**
 * Registration (3001): the portal's API (its OpenAPI document) and its pages and form posts. Registration is the
 * identity provider: pages send a visitor without a session to `/logowanie?powrot=…`, and admin routes answer
 * 404 to non-admins.
 */
type Spec = Omit<Endpoint, 'service' | 'method' | 'route' | 'page'>;
export const api = (method: 'GET' | 'POST', route: string, e: Spec): Endpoint => ({
  service: 'registration',
  method,
  route,
  page: false,
  ...e,
});
export const page = (method: 'GET' | 'POST', route: string, e: Spec): Endpoint => ({
  service: 'registration',
  method,
  route,
  page: true,
  ...e,
});

export const numberPath = (n: string) => n.replace(/\//g, '-');
/** The applicant's credential: their own token, also when trying another application's number. */
export const tokenQuery = (c: CellContext) => (c.caller === 'applicant' ? `?t=${c.fx.sides['26'].applicant.token}` : '');
/** The status API's pair: the applicant's own e-mail; anybody else has to guess one. */
export const statusEmail = (c: CellContext) => (c.caller === 'applicant' ? c.fx.sides['26'].applicant.email : 'ktos@example.test');
const json = (body: string) => JSON.parse(body) as Record<string, unknown>;
export const ids = (body: string) => ((json(body).items ?? []) as { id?: string }[]).map((i) => i.id);
export const auditVoivodeships = (body: string) =>
  ((json(body).items ?? []) as { voivodeship?: string | null }[]).map((e) => e.voivodeship);
/** Password changes with a wrong current password: 422 proves the session was accepted, and nothing changes. */
export const WRONG_PASSWORD = 'To-Nie-Jest-Moje-Hasło-42';
export const NEW_PASSWORD = 'Całkiem-Nowe-Hasło-Do-CAS-2026';
