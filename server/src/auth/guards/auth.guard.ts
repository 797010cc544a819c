import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { AccessContext } from '../access/access-context.js';
import { AccessRepository } from '../access/access.repository.js';
import { csrfRejected, forbidden, unauthenticated } from '../auth.errors.js';
import { CSRF_HEADER, bearerOf, clearSessionCookies, sessionCookieOf } from '../auth.http.js';
import { type RouteRule, SAFE_METHODS, isAllowed } from '../auth.policy.js';
import type { Principal, Role, TokenScope } from '../auth.types.js';
import { attachAccess } from '../decorators/access.decorator.js';
import { ANY_PRINCIPAL_KEY, PUBLIC_KEY, ROLES_KEY, TOKEN_SCOPES_KEY } from '../decorators/auth.decorators.js';
import { ApiTokenService } from '../services/api-token.service.js';
import { SessionService } from '../services/session.service.js';

function describeRule(rule: RouteRule, method: string): string {
  const safe = SAFE_METHODS.has(method);
  const roles = rule.roles ?? (safe ? ['any role'] : ['admin']);
  const scopes = rule.scopes ?? (rule.roles ? [] : safe ? ['read'] : []);
  return `needs role ${roles.join(' or ')}${scopes.length ? ` or a token with scope ${scopes.join(' or ')}` : ''} (admin always passes)`;
}

/**
 * Global guard (APP_GUARD): every route needs a session cookie or a bearer API token unless it is
 * `@Public()`. Then: CSRF on cookie-authenticated writes, and the route's `@Roles` / `@RequireScope`
 * (defaults in auth.policy.ts). Attaches the caller's AccessContext for `@Access()`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
    private readonly tokens: ApiTokenService,
    private readonly accessRepository: AccessRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const principal = await this.authenticate(req, res);
    attachAccess(req, new AccessContext(principal, this.accessRepository));
    const method = req.method.toUpperCase();
    if (principal.via === 'session' && !SAFE_METHODS.has(method)) {
      const header = req.headers[CSRF_HEADER];
      if (!this.sessions.csrfValid(sessionCookieOf(req)!, typeof header === 'string' ? header : undefined)) throw csrfRejected();
    }
    const rule: RouteRule = {
      anyPrincipal: this.reflector.getAllAndOverride<boolean>(ANY_PRINCIPAL_KEY, targets) === true,
      roles: this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets),
      scopes: this.reflector.getAllAndOverride<TokenScope[] | undefined>(TOKEN_SCOPES_KEY, targets),
    };
    if (!isAllowed(principal, rule, method)) throw forbidden(`Not allowed: this route ${describeRule(rule, method)}.`);
    return true;
  }

  private async authenticate(req: Request, res: Response): Promise<Principal> {
    // a bearer token wins over a cookie, and is never CSRF-checked (browsers do not add it by themselves)
    const bearer = bearerOf(req);
    if (bearer !== null) {
      const principal = bearer ? await this.tokens.authenticate(bearer) : null;
      if (!principal) throw unauthenticated('Invalid, expired or revoked API token.');
      return principal;
    }
    const cookie = sessionCookieOf(req);
    if (cookie) {
      const principal = await this.sessions.authenticate(cookie);
      if (principal) return principal;
      clearSessionCookies(req, res, this.config.auth.cookieSecure);
      throw unauthenticated('Your session has expired or was ended; sign in again.');
    }
    throw unauthenticated();
  }
}
