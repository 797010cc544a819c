/** Roles a user may hold (several at once); see docs/operations.md § Users and roles. */
export const ROLES = ['admin', 'vp', 'director', 'practice_lead', 'squad_lead', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** What an API token may do: `ingest` (import, webhooks), `read` (every read route, org-wide), `admin` (everything). */
export const TOKEN_SCOPES = ['ingest', 'read', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** Roles that see the whole organisation; the others see only their groups and squads. */
export const ORG_WIDE_ROLES: readonly Role[] = ['admin', 'vp', 'practice_lead'];

/** The authenticated caller of a request: a signed-in user or an API token. */
export interface Principal {
  kind: 'user' | 'token';
  /** user id or token id */
  id: string;
  /** email (users) or token name (tokens): what the audit log and logs show */
  label: string;
  /** the user's roles; a token with the `admin` scope acts as `admin` */
  roles: readonly Role[];
  /** token scopes; empty for users */
  tokenScopes: readonly TokenScope[];
  /** groups the user is scoped to (directors); squads of descendant groups are included */
  groups: readonly string[];
  /** squads the user is scoped to (squad leads, viewers) */
  squads: readonly string[];
  /** how the request authenticated: the session cookie (CSRF applies to writes) or a bearer token */
  via: 'session' | 'bearer';
  /** the session's id (sessions only) */
  sessionId?: string;
}

export function isOrgWide(p: Principal): boolean {
  return p.kind === 'token' || p.roles.some((r) => ORG_WIDE_ROLES.includes(r));
}
