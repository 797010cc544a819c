import { Body, Controller, Get, Header, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { formatScope } from '../../org/scope.js';
import type { AccessContext } from '../access/access-context.js';
import { clearSessionCookies, clientOf, sessionCookieOf, setSessionCookies } from '../auth.http.js';
import { Access } from '../decorators/access.decorator.js';
import { AnyPrincipal, Public } from '../decorators/auth.decorators.js';
import { LoginBody, type MeResponse, type UserView } from '../dto/auth.dto.js';
import { openApiSchema, parseBody } from '../dto/validation.js';
import { userView } from '../dto/views.js';
import { LoginRateLimitGuard } from '../guards/login-rate-limit.guard.js';
import { AuthService } from '../services/auth.service.js';
import { SessionService } from '../services/session.service.js';

@ApiTags('auth')
@Controller('api/v1')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('auth/login')
  @Public()
  @Header('Cache-Control', 'no-store')
  @UseGuards(LoginRateLimitGuard)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in with email and password',
    description:
      'Sets the session cookie `bearing_session` (HttpOnly, SameSite=Lax, Secure over TLS) and the readable `bearing_csrf` cookie; cookie-authenticated writes must echo the latter in `X-CSRF-Token`. Rate-limited per client address and email.',
  })
  @ApiBody({ schema: openApiSchema(LoginBody) })
  @ApiOkResponse({ description: '{"user":{…},"csrfToken":"…"}' })
  @ApiUnauthorizedResponse({ description: 'wrong email or password (the same answer for both)' })
  @ApiTooManyRequestsResponse({ description: 'too many attempts for this address and email; see Retry-After' })
  async login(@Body() body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<{ user: UserView; csrfToken: string }> {
    const { email, password } = parseBody(LoginBody, body);
    const previous = sessionCookieOf(req);
    const { user, session } = await this.auth.login(email, password, clientOf(req));
    if (previous) await this.sessions.destroy(previous); // a new session on every sign-in (no fixation)
    setSessionCookies(req, res, this.config.auth.cookieSecure, session);
    return { user: userView(user), csrfToken: session.csrfToken };
  }

  @Post('auth/logout')
  @AnyPrincipal()
  @HttpCode(204)
  @ApiCookieAuth()
  @ApiOperation({ summary: 'Sign out: ends the session and clears its cookies (needs X-CSRF-Token)' })
  async logout(@Access() access: AccessContext, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(access.principal, access.principal.via === 'session' ? sessionCookieOf(req) : null, clientOf(req).ip);
    clearSessionCookies(req, res, this.config.auth.cookieSecure);
  }

  @Get('auth/csrf')
  @AnyPrincipal()
  @Header('Cache-Control', 'no-store')
  @ApiCookieAuth()
  @ApiOperation({ summary: "The session's CSRF token (also in the bearing_csrf cookie); null for bearer tokens, which need none" })
  csrf(@Access() access: AccessContext, @Req() req: Request): { csrfToken: string | null } {
    return { csrfToken: access.principal.via === 'session' ? this.sessions.csrfFor(sessionCookieOf(req)!) : null };
  }

  @Get('me')
  @AnyPrincipal()
  @Header('Cache-Control', 'no-store')
  @ApiCookieAuth()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The caller: user (or API token), roles, and the scopes it may read' })
  @ApiOkResponse({ description: '{"authMethod","user","token","roles","scopes":["org"|"group:<k>"|"squad:<k>"],"csrfToken"?}' })
  async me(@Access() access: AccessContext, @Req() req: Request): Promise<MeResponse> {
    const p = access.principal;
    const scopes = access.orgWide
      ? ['org']
      : [...p.groups.map((key) => formatScope({ kind: 'group', key })), ...p.squads.map((key) => formatScope({ kind: 'squad', key }))];
    if (p.kind === 'token') {
      return { authMethod: 'bearer', user: null, token: { id: p.id, name: p.label, scopes: [...p.tokenScopes] }, roles: [...p.roles], scopes };
    }
    const user = await this.auth.user(p.id);
    return {
      authMethod: p.via,
      user: { id: p.id, email: p.label, name: user?.name ?? p.label },
      token: null,
      roles: [...p.roles],
      scopes,
      ...(p.via === 'session' ? { csrfToken: this.sessions.csrfFor(sessionCookieOf(req)!) } : {}),
    };
  }
}
