import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { AuditRepository } from '../repositories/audit.repository.js';

export const LOGIN_WINDOW_SECONDS = 60;

/** The email a sign-in request is for, as the audit log records it. */
export function loginTarget(body: unknown): string {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase().slice(0, 320) : '';
}

/**
 * Sign-in rate limit: after BEARING_LOGIN_RATE_LIMIT failed attempts (default 10) within a minute
 * for one client address and email, further attempts get 429 `rate_limited` with Retry-After until
 * the oldest failure leaves the window; the password is not even checked. Counted from the audit
 * log, so every replica sees the same count.
 */
@Injectable()
export class LoginRateLimitGuard implements CanActivate {
  constructor(
    private readonly audit: AuditRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const { count, retryAfterSeconds } = await this.audit.recentLoginAttempts(req.ip ?? null, loginTarget(req.body), LOGIN_WINDOW_SECONDS);
    if (count < this.config.auth.loginRateLimit) return true;
    const retryAfter = Math.max(1, retryAfterSeconds);
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfter));
    throw new DomainError('rate_limited', `Too many sign-in attempts; retry in ${retryAfter} s.`, { retryAfterSeconds: retryAfter });
  }
}
