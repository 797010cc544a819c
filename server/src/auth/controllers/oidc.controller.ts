import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { clientOf, sessionCookieOf, setSessionCookies } from '../auth.http.js';
import { Public } from '../decorators/auth.decorators.js';
import { AuthService } from '../services/auth.service.js';
import { OidcService } from '../services/oidc.service.js';
import { SessionService } from '../services/session.service.js';

const STATE_COOKIE = 'bearing_oidc';
const STATE_PATH = '/api/v1/auth/oidc';

@ApiTags('auth')
@Controller('api/v1/auth')
export class OidcController {
  constructor(
    private readonly oidc: OidcService,
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('providers')
  @Public()
  @ApiOperation({ summary: 'Sign-in methods offered (for the sign-in page): password, and OpenID Connect when configured' })
  providers(): { password: true; oidc: { enabled: boolean; loginUrl: string | null } } {
    return { password: true, oidc: { enabled: this.oidc.enabled, loginUrl: this.oidc.enabled ? `${STATE_PATH}/login` : null } };
  }

  @Get('oidc/login')
  @Public()
  @ApiOperation({ summary: 'Start OpenID Connect sign-in: redirects to the provider (404 when not configured)' })
  @ApiQuery({ name: 'returnTo', required: false, description: 'local path to open after sign-in', example: '/director' })
  async login(@Query('returnTo') returnTo: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { url, stateCookie, maxAgeMs } = await this.oidc.begin(returnTo);
    const secure = this.config.auth.cookieSecure === 'always' || (this.config.auth.cookieSecure === 'auto' && req.secure);
    res.cookie(STATE_COOKIE, stateCookie, { httpOnly: true, sameSite: 'lax', secure, path: STATE_PATH, maxAge: maxAgeMs });
    res.redirect(302, url);
  }

  @Get('oidc/callback')
  @Public()
  @ApiOperation({ summary: "OpenID Connect callback (the provider redirects here): opens a session and redirects to the app" })
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    const state = (req as Request & { cookies?: Record<string, string> }).cookies?.[STATE_COOKIE] ?? null;
    res.clearCookie(STATE_COOKIE, { path: STATE_PATH });
    const client = clientOf(req);
    const { user, returnTo } = await this.oidc.complete(query, state, client);
    const previous = sessionCookieOf(req);
    if (previous) await this.sessions.destroy(previous);
    const session = await this.auth.startSession(user, 'oidc', client);
    setSessionCookies(req, res, this.config.auth.cookieSecure, session);
    res.redirect(302, returnTo);
  }
}
