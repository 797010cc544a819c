import type { ScopeParam } from '@bearing/shared';
import type { MeResponse } from '../api/auth';

/**
 * Pure helpers around the signed-in user: where they land, which scope they see first,
 * and where the sign-in page may send them back to.
 */

export type ViewPath = '/director' | '/practice' | '/squad' | '/admin';

/** The user's first readable scope: `org` for org-wide roles, else their first group or squad. */
export function defaultScopeFor(me: Pick<MeResponse, 'scopes'> | undefined): ScopeParam {
  if (!me || me.scopes.length === 0 || me.scopes.includes('org')) return 'org';
  return me.scopes.find((scope) => scope.startsWith('group:')) ?? me.scopes[0];
}

/** Whether the user may read a scope, as far as the client can tell from `/me`. */
export function canReadOrg(me: Pick<MeResponse, 'scopes'> | undefined): boolean {
  return !me || me.scopes.includes('org');
}

/**
 * The view a role lands on. Directors and VPs: the squads table; practice leads: their view;
 * squad leads and viewers scoped to squads: their squad; admins (with no other view role):
 * the Admin view.
 */
export function landingView(me: Pick<MeResponse, 'roles' | 'scopes'>): ViewPath {
  const roles = new Set(me.roles);
  if (roles.has('director') || roles.has('vp')) return '/director';
  if (roles.has('practice_lead')) return '/practice';
  if ((roles.has('squad_lead') || roles.has('viewer')) && me.scopes.some((s) => s.startsWith('squad:'))) {
    return '/squad';
  }
  if (roles.has('admin')) return '/admin';
  return '/director';
}

/**
 * The landing URL for `/`, keeping any filters already in `search`; a squad view gets the
 * user's squad as its scope unless one was given.
 */
export function landingPath(me: Pick<MeResponse, 'roles' | 'scopes'>, search = ''): string {
  const view = landingView(me);
  const params = new URLSearchParams(search);
  if (view === '/squad' && !params.has('scope')) {
    const squad = me.scopes.find((s) => s.startsWith('squad:'));
    if (squad) params.set('scope', squad);
  }
  const query = params.toString();
  return query ? `${view}?${query}` : view;
}

/**
 * A same-origin path to return to after signing in, or null: only `/…` paths (not `//host`
 * or `/\host`, which browsers treat as another origin), never the sign-in page itself.
 */
export function safeNextPath(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  if (/[\u0000-\u001f]/.test(next)) return null;
  const path = next.split(/[?#]/, 1)[0];
  if (path === '/login' || path.startsWith('/login/')) return null;
  return next;
}

/** `/login?next=<path>` for the page the user was on (`/` needs no `next`). */
export function loginPath(current: { pathname: string; search: string }): string {
  const next = safeNextPath(`${current.pathname}${current.search}`);
  return next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login';
}

const ROLE_LABELS: Record<string, string> = {
  admin: 'Admin',
  vp: 'VP',
  director: 'Director',
  practice_lead: 'Practice lead',
  squad_lead: 'Squad lead',
  viewer: 'Viewer',
};

export function roleLabel(role: string): string {
  return ROLE_LABELS[role] ?? role;
}
