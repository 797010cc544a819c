import { ROLES, type Principal, type Role, type TokenScope } from './auth.types.js';

export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What a route declares (decorators); undefined = not declared. */
export interface RouteRule {
  anyPrincipal: boolean;
  roles: readonly Role[] | undefined;
  scopes: readonly TokenScope[] | undefined;
}

/**
 * Whether a principal may call a route. Defaults, when the route declares nothing:
 * reads (GET/HEAD) are open to every role and to `read` tokens (data is then narrowed by scope);
 * writes need the admin role or an `admin` token. `admin` (role or token scope) passes everything.
 */
export function isAllowed(p: Principal, rule: RouteRule, method: string): boolean {
  if (rule.anyPrincipal) return true;
  const safe = SAFE_METHODS.has(method.toUpperCase());
  if (p.kind === 'token') {
    if (p.tokenScopes.includes('admin')) return true;
    const scopes: readonly TokenScope[] = rule.scopes ?? (rule.roles ? [] : safe ? ['read'] : []);
    return p.tokenScopes.some((s) => scopes.includes(s));
  }
  if (p.roles.includes('admin')) return true;
  const roles: readonly Role[] = rule.roles ?? (safe ? ROLES : ['admin']);
  return p.roles.some((r) => roles.includes(r));
}
