import { Injectable } from '@nestjs/common';
import type { MergePeopleResponse, PeopleResponse } from '@bearing/shared';
import type { Principal } from '../auth/auth.types.js';
import { AuditService } from '../auth/services/audit.service.js';
import { DomainError, invalidField } from '../common/errors.js';
import { RecomputeService } from '../metrics/recompute.service.js';
import { PeopleRepository } from './people.repository.js';
import { personView } from './people.js';

const DEFAULT_LIMIT = 50;

function parseCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string')) return v as [string, string];
  } catch {
    // falls through to the 400
  }
  throw invalidField('cursor', 'is not a cursor from a previous page');
}

/** People and their identities (emails, logins by source); merging two people into one. */
@Injectable()
export class PeopleService {
  constructor(
    private readonly repository: PeopleRepository,
    private readonly audit: AuditService,
    private readonly recompute: RecomputeService,
  ) {}

  async list(q: { query?: string; limit?: string; cursor?: string }): Promise<PeopleResponse> {
    const query = q.query?.trim() || null;
    if (query !== null && query.length > 200) throw invalidField('query', 'must be at most 200 characters');
    const limit = q.limit === undefined ? DEFAULT_LIMIT : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw invalidField('limit', 'must be an integer between 1 and 500');
    const after = q.cursor === undefined ? null : parseCursor(q.cursor);
    const rows = await this.repository.list({ query, limit, after });
    const last = rows[rows.length - 1];
    return {
      rows: rows.map(personView),
      nextCursor: rows.length === limit && last ? Buffer.from(JSON.stringify([last.name, last.key])).toString('base64url') : null,
    };
  }

  /**
   * Merges person `key` into `body.into`: identities move to the survivor, every record naming
   * `key` is re-pointed, `key` is deleted (one transaction), then the audit entry and a full
   * recompute of the derived facts (metrics follow the merged identity).
   */
  async merge(key: string, body: unknown, actor: Principal, ip: string | null): Promise<MergePeopleResponse> {
    const into = body && typeof body === 'object' ? (body as Record<string, unknown>).into : undefined;
    if (typeof into !== 'string' || !into.trim()) throw invalidField('into', 'is required: the key of the person to keep');
    const extra = Object.keys(body as object).find((k) => k !== 'into');
    if (extra) throw invalidField(extra, 'is not a known field');
    const target = into.trim();
    if (target === key) throw new DomainError('conflict', `into: cannot merge '${key}' into itself`, { field: 'into' });
    const outcome = await this.repository.merge(key, target);
    if (!outcome.ok) {
      const missing = outcome.missing === 'from' ? key : target;
      throw new DomainError('not_found', `${outcome.missing === 'from' ? 'key' : 'into'}: no person '${missing}'`, { field: outcome.missing === 'from' ? 'key' : 'into' });
    }
    await this.audit.recordChange(actor, 'person.merge', `person:${key}`, ip, { into: target, moved: outcome.moved });
    await this.recompute.recompute({ repos: null, services: null });
    return { person: personView(outcome.person), merged: key, moved: outcome.moved };
  }
}
