import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { invalidField } from '../../common/errors.js';
import { parseScope } from '../../org/scope.js';
import { unauthenticated } from '../auth.errors.js';
import { accessOf } from '../decorators/access.decorator.js';
import { PUBLIC_KEY, SCOPED_READ_KEY } from '../decorators/auth.decorators.js';

/**
 * Routes that read one scope's data through `?scope=` (absent = `org`), checked here without
 * touching their controllers. A controller may instead mark a route with `@ScopedRead()`.
 */
export const SCOPED_ROUTES: ReadonlySet<string> = new Set([
  'GET /api/v1/metrics',
  'GET /api/v1/metrics/:key/events',
  'GET /api/v1/drift/episodes',
  'GET /api/v1/export.ndjson',
]);

function routeOf(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return `${req.method.toUpperCase()} ${req.baseUrl ?? ''}${typeof path === 'string' ? path : ''}`;
}

/**
 * Global guard (APP_GUARD, runs after AuthGuard): on scoped routes (SCOPED_ROUTES or `@ScopedRead`)
 * the `scope` query parameter, `org` when absent, must be readable by the caller
 * (`AccessContext.assertCanRead`), else 403 before the handler runs. On any other authenticated
 * route a `scope` query parameter, when given, is checked the same way.
 */
@Injectable()
export class ScopeAccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<Request>();
    const access = accessOf(req);
    if (!access) throw unauthenticated(); // fail closed should AuthGuard ever not have run first
    const declared = this.reflector.getAllAndOverride<string | undefined>(SCOPED_READ_KEY, targets);
    const param = declared ?? 'scope';
    const scoped = declared !== undefined || SCOPED_ROUTES.has(routeOf(req));
    const raw = (req.query as Record<string, unknown>)[param];
    if (!scoped && raw === undefined) return true;
    if (raw !== undefined && typeof raw !== 'string') throw invalidField(param, 'must be given once, as a plain value');
    await access.assertCanRead(parseScope(raw, param));
    return true;
  }
}
