import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import cookieParser from 'cookie-parser';
import { AccessRepository } from './access/access.repository.js';
import { AuditController } from './controllers/audit.controller.js';
import { AuthController } from './controllers/auth.controller.js';
import { OidcController } from './controllers/oidc.controller.js';
import { TokensController } from './controllers/tokens.controller.js';
import { UsersController } from './controllers/users.controller.js';
import { AuthGuard } from './guards/auth.guard.js';
import { LoginRateLimitGuard } from './guards/login-rate-limit.guard.js';
import { ScopeAccessGuard } from './guards/scope-access.guard.js';
import { ApiTokenRepository } from './repositories/api-token.repository.js';
import { AuditRepository } from './repositories/audit.repository.js';
import { AuthSettingsRepository } from './repositories/auth-settings.repository.js';
import { SessionRepository } from './repositories/session.repository.js';
import { UserRepository } from './repositories/user.repository.js';
import { ApiTokenService } from './services/api-token.service.js';
import { AuditService } from './services/audit.service.js';
import { AuthBootstrapService } from './services/auth-bootstrap.service.js';
import { AuthService } from './services/auth.service.js';
import { PasswordService } from './services/password.service.js';
import { SessionService } from './services/session.service.js';
import { OidcClient } from './services/oidc-client.js';
import { OidcService } from './services/oidc.service.js';
import { PrincipalCache } from './services/principal-cache.js';
import { UserService } from './services/user.service.js';

/**
 * Authentication (sessions, API tokens), authorisation (global guards), users, tokens and the
 * audit log. The two APP_GUARDs run in this order: AuthGuard (who, CSRF, roles/scopes), then
 * ScopeAccessGuard (may this caller read the requested `scope`).
 */
@Module({
  controllers: [AuthController, OidcController, UsersController, TokensController, AuditController],
  providers: [
    UserRepository,
    SessionRepository,
    ApiTokenRepository,
    AuditRepository,
    AuthSettingsRepository,
    AccessRepository,
    PasswordService,
    PrincipalCache,
    SessionService,
    ApiTokenService,
    AuditService,
    AuthService,
    UserService,
    AuthBootstrapService,
    OidcClient,
    OidcService,
    LoginRateLimitGuard,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: ScopeAccessGuard },
  ],
  exports: [AuthBootstrapService, ApiTokenService, UserService, AuditService],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(cookieParser()).forRoutes('*path');
  }
}
