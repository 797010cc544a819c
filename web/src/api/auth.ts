import { apiGet, apiRequest, rememberCsrfToken } from './http';

/**
 * Auth types as the server's `server/src/auth` answers them. Not in `@bearing/shared` yet
 * (the web must not edit it): move them there when the auth module exports them.
 */
export const ROLES = ['admin', 'vp', 'director', 'practice_lead', 'squad_lead', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** `GET /api/v1/me` */
export interface MeResponse {
  authMethod: 'session' | 'bearer';
  user: { id: string; email: string; name: string } | null;
  token: { id: string; name: string; scopes: string[] } | null;
  roles: string[];
  /** what the caller may read: `['org']`, or `group:<key>` / `squad:<key>` entries */
  scopes: string[];
  /** the session's CSRF token (cookie sessions only), echoed in `X-CSRF-Token` on writes */
  csrfToken?: string;
}

/** `POST /api/v1/auth/login` answers the user (as the admin API shows it) and the CSRF token. */
export interface LoginResponse {
  user: { id: string; email: string; name: string; roles: string[] };
  csrfToken: string;
}

export interface LoginBody {
  email: string;
  password: string;
}

/** `GET /api/v1/me`: the signed-in user, roles and readable scopes; 401 when signed out. */
export async function fetchMe(signal?: AbortSignal): Promise<MeResponse> {
  // A 401 here is an answer ("signed out"), handled by the router, not a reason to redirect.
  const me = await apiGet<MeResponse>('/api/v1/me', { signal, handleUnauthorized: false });
  rememberCsrfToken(me.csrfToken);
  return me;
}

/** Sets the session cookie; 401 for a wrong email or password, 429 when rate-limited. */
export async function login(body: LoginBody): Promise<LoginResponse> {
  const answer = await apiRequest<LoginResponse>('/api/v1/auth/login', {
    method: 'POST',
    body,
    handleUnauthorized: false,
  });
  rememberCsrfToken(answer.csrfToken);
  return answer;
}

/** Ends the session (a cookie-authenticated write: sends the CSRF header). */
export async function logout(): Promise<void> {
  await apiRequest<void>('/api/v1/auth/logout', { method: 'POST', handleUnauthorized: false });
  rememberCsrfToken(null);
}
