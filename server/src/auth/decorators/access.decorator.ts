import { type ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import type { AccessContext } from '../access/access-context.js';
import type { Principal } from '../auth.types.js';
import { unauthenticated } from '../auth.errors.js';

const ACCESS = Symbol('bearing.access');

/** Attaches the caller's access context to the request (done by AuthGuard). */
export function attachAccess(req: Request, access: AccessContext): void {
  (req as unknown as Record<symbol, AccessContext>)[ACCESS] = access;
}

/** The caller's access context, or null on a request that did not authenticate (public routes). */
export function accessOf(req: Request): AccessContext | null {
  return (req as unknown as Record<symbol, AccessContext | undefined>)[ACCESS] ?? null;
}

/**
 * Handler parameter: the caller's `AccessContext` (principal, `visibleSquads()`, `assertCanRead(scope)`).
 * Throws 401 on a route that had no authenticated caller.
 */
export const Access = createParamDecorator((_data: unknown, ctx: ExecutionContext): AccessContext => {
  const access = accessOf(ctx.switchToHttp().getRequest<Request>());
  if (!access) throw unauthenticated();
  return access;
});

/** Handler parameter: the authenticated `Principal`. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  const access = accessOf(ctx.switchToHttp().getRequest<Request>());
  if (!access) throw unauthenticated();
  return access.principal;
});
