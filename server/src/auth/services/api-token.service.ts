import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors.js';
import { API_TOKEN_PREFIX, randomSecret, sha256 } from '../auth.crypto.js';
import { TOKEN_SCOPES, type Principal, type TokenScope } from '../auth.types.js';
import { ApiTokenRepository, type ApiTokenRow } from '../repositories/api-token.repository.js';
import { AuditService } from './audit.service.js';
import { PrincipalCache } from './principal-cache.js';

export type { ApiTokenRow };

function scopesOf(values: string[]): TokenScope[] {
  return values.filter((s): s is TokenScope => (TOKEN_SCOPES as readonly string[]).includes(s));
}

/** API tokens: `brg_` + 32 random bytes; shown once, stored as SHA-256, scoped, revocable. */
@Injectable()
export class ApiTokenService {
  constructor(
    private readonly tokens: ApiTokenRepository,
    private readonly audit: AuditService,
    private readonly cache: PrincipalCache,
  ) {}

  async create(
    input: { name: string; scopes: TokenScope[]; expiresAt: Date | null },
    actor: Principal,
    ip: string | null,
  ): Promise<{ token: ApiTokenRow; secret: string }> {
    const secret = `${API_TOKEN_PREFIX}${randomSecret(32)}`;
    const token = await this.tokens.insert({
      id: randomUUID(),
      name: input.name,
      tokenHash: sha256(secret),
      prefix: secret.slice(0, API_TOKEN_PREFIX.length + 6),
      scopes: [...new Set(input.scopes)],
      createdBy: actor.kind === 'user' ? actor.id : null,
      expiresAt: input.expiresAt,
    });
    await this.audit.recordChange(actor, 'token.create', `token:${token.id}`, ip, { name: token.name, scopes: token.scopes });
    return { token, secret };
  }

  list(): Promise<ApiTokenRow[]> {
    return this.tokens.list();
  }

  async revoke(id: string, actor: Principal, ip: string | null): Promise<ApiTokenRow> {
    const token = await this.tokens.revoke(id);
    this.cache.clear();
    if (!token) throw new DomainError('not_found', `token '${id}' not found`);
    await this.audit.recordChange(actor, 'token.revoke', `token:${id}`, ip, { name: token.name });
    return token;
  }

  /** The principal of a bearer secret, or null when unknown, revoked or expired. */
  async authenticate(secret: string): Promise<Principal | null> {
    if (!secret.startsWith(API_TOKEN_PREFIX) || secret.length > 128) return null;
    const hash = sha256(secret);
    const cached = this.cache.get(`token:${hash}`);
    if (cached) return cached;
    const row = await this.tokens.findActiveAndTouch(hash);
    if (!row) return null;
    const scopes = scopesOf(row.scopes);
    const principal: Principal = {
      kind: 'token',
      id: row.id,
      label: row.name,
      roles: scopes.includes('admin') ? ['admin'] : [],
      tokenScopes: scopes,
      groups: [],
      squads: [],
      via: 'bearer',
    };
    this.cache.set(`token:${hash}`, principal);
    return principal;
  }
}
