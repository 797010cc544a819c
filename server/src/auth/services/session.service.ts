import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { hmac, randomSecret, safeEqual, sha256 } from '../auth.crypto.js';
import { ROLES, type Principal, type Role } from '../auth.types.js';
import { AuthSettingsRepository } from '../repositories/auth-settings.repository.js';
import { SessionRepository } from '../repositories/session.repository.js';
import { PrincipalCache } from './principal-cache.js';

export interface CreatedSession {
  /** the cookie value: 32 random bytes, base64url; only its SHA-256 is stored */
  token: string;
  /** the CSRF token bound to this session (HMAC of the token hash with the session secret) */
  csrfToken: string;
  /** cookie lifetime (the absolute session lifetime), ms */
  maxAgeMs: number;
}

function roles(values: string[]): Role[] {
  return values.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
}

/** Server-side sessions in PostgreSQL (shared by replicas), with sliding idle expiry. */
@Injectable()
export class SessionService implements OnModuleInit {
  private secret = '';

  constructor(
    private readonly sessions: SessionRepository,
    private readonly settings: AuthSettingsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cache: PrincipalCache,
  ) {}

  async onModuleInit(): Promise<void> {
    // SESSION_SECRET, else one generated on first start and kept in the database
    this.secret = this.config.sessionSecret ?? (await this.settings.sessionSecret(randomSecret(32)));
  }

  private get idleSeconds(): number {
    return Math.round(this.config.auth.sessionIdleHours * 3600);
  }

  private get absoluteSeconds(): number {
    return Math.round(this.config.auth.sessionMaxAgeDays * 86400);
  }

  async create(userId: string, method: 'password' | 'oidc', client: { ip: string | null; userAgent: string | null }): Promise<CreatedSession> {
    const token = randomSecret(32);
    const tokenHash = sha256(token);
    await this.sessions.insert({
      id: randomUUID(),
      tokenHash,
      userId,
      method,
      idleSeconds: this.idleSeconds,
      absoluteSeconds: this.absoluteSeconds,
      ip: client.ip,
      userAgent: client.userAgent,
    });
    // housekeeping: sign-ins are rare enough to carry it
    await this.sessions.deleteExpired();
    return { token, csrfToken: this.csrfFor(token), maxAgeMs: this.absoluteSeconds * 1000 };
  }

  /** The principal of a session cookie value, or null when unknown, expired, or its user is disabled. */
  async authenticate(token: string): Promise<Principal | null> {
    if (!token || token.length > 128) return null;
    const hash = sha256(token);
    const cached = this.cache.get(`session:${hash}`);
    if (cached) return cached;
    const s = await this.sessions.findActive(hash);
    if (!s) return null;
    if (s.stale) await this.sessions.touch(s.id, this.idleSeconds);
    const principal: Principal = {
      kind: 'user',
      id: s.userId,
      label: s.email,
      roles: roles(s.roles),
      tokenScopes: [],
      groups: s.groups,
      squads: s.squads,
      via: 'session',
      sessionId: s.id,
    };
    this.cache.set(`session:${hash}`, principal);
    return principal;
  }

  async destroy(token: string): Promise<void> {
    this.cache.clear();
    if (token) await this.sessions.deleteByHash(sha256(token));
  }

  destroyAllFor(userId: string): Promise<void> {
    this.cache.clear();
    return this.sessions.deleteForUser(userId);
  }

  /** The CSRF token of a session (signed double-submit: bound to the session, so a planted cookie is useless). */
  csrfFor(sessionToken: string): string {
    return hmac(this.secret, `csrf|${sha256(sessionToken)}`);
  }

  /** `value.signature` with the session secret, for short-lived state kept in a cookie (OIDC sign-in). */
  sign(purpose: string, value: string): string {
    return `${value}.${hmac(this.secret, `${purpose}|${value}`)}`;
  }

  /** The value of a `sign()`ed string, or null when the signature does not match. */
  unsign(purpose: string, signed: string): string | null {
    const dot = signed.lastIndexOf('.');
    if (dot <= 0) return null;
    const value = signed.slice(0, dot);
    return safeEqual(signed.slice(dot + 1), hmac(this.secret, `${purpose}|${value}`)) ? value : null;
  }

  csrfValid(sessionToken: string, header: string | undefined): boolean {
    return typeof header === 'string' && header.length > 0 && safeEqual(header, this.csrfFor(sessionToken));
  }
}
