import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import type { Principal } from '../auth.types.js';

/**
 * Principals of recently seen session cookies and API tokens, keyed by the secret's SHA-256,
 * kept for `BEARING_AUTH_CACHE_SECONDS` (default 5; 0 = off) so that a dashboard's burst of
 * requests does not look its caller up once per request.
 *
 * Only successful look-ups are kept. Every change that can end or narrow a principal (sign-out,
 * a token revoked, a user updated or disabled, sessions ended) clears the whole cache of the
 * process that made it, so it takes effect there at once; on other replicas it takes effect
 * within the cache lifetime.
 */
@Injectable()
export class PrincipalCache {
  private static readonly MAX_ENTRIES = 10_000;
  private readonly entries = new Map<string, { principal: Principal; until: number }>();
  private readonly ttlMs: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.ttlMs = config.auth.cacheSeconds * 1000;
  }

  get(key: string): Principal | null {
    const e = this.entries.get(key);
    if (!e) return null;
    if (performance.now() >= e.until) {
      this.entries.delete(key);
      return null;
    }
    return e.principal;
  }

  set(key: string, principal: Principal): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= PrincipalCache.MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { principal, until: performance.now() + this.ttlMs });
  }

  clear(): void {
    this.entries.clear();
  }
}
