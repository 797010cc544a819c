import { SetMetadata, applyDecorators } from '@nestjs/common';
import type { Role, TokenScope } from '../auth.types.js';

export const PUBLIC_KEY = 'bearing:public';
export const ROLES_KEY = 'bearing:roles';
export const TOKEN_SCOPES_KEY = 'bearing:token-scopes';
export const ANY_PRINCIPAL_KEY = 'bearing:any-principal';
export const SCOPED_READ_KEY = 'bearing:scoped-read';

/** No credentials needed (health, sign-in, signed webhook receivers). Everything else needs a session or token. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/**
 * Users holding any of these roles may call the route (`admin` always may). Giving `@Roles` also
 * closes the route to `read` tokens unless `@RequireScope` opens it; an `admin` token always passes.
 */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** API tokens holding any of these scopes may call the route (an `admin` token always may). */
export const RequireScope = (...scopes: TokenScope[]) => SetMetadata(TOKEN_SCOPES_KEY, scopes);

/** Any authenticated principal, whatever its roles or token scopes (e.g. `GET /me`, logout). */
export const AnyPrincipal = () => SetMetadata(ANY_PRINCIPAL_KEY, true);

/**
 * The route reads data of the scope named by this query parameter (`org|group:<k>|squad:<k>`,
 * absent = `org`): `ScopeAccessGuard` checks it against the caller before the handler runs.
 */
export const ScopedRead = (queryParam = 'scope') => SetMetadata(SCOPED_READ_KEY, queryParam);

/** Admin-only route: users with the admin role or `admin` tokens. */
export const AdminOnly = () => applyDecorators(Roles('admin'), RequireScope('admin'));
