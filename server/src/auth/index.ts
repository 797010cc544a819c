/** What other modules use from auth. */
export { AccessContext } from './access/access-context.js';
export { Access, CurrentPrincipal } from './decorators/access.decorator.js';
export { AdminOnly, AnyPrincipal, Public, RequireScope, Roles, ScopedRead } from './decorators/auth.decorators.js';
export { ScopeAccessGuard, SCOPED_ROUTES } from './guards/scope-access.guard.js';
export { ROLES } from './auth.types.js';
export type { Principal, Role, TokenScope } from './auth.types.js';
