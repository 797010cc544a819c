import { Injectable } from '@nestjs/common';
import type { DriftEpisodesResponse } from '@bearing/shared';
import { invalidField } from '../common/errors.js';
import { toDriftEpisode } from '../metrics/compute/drift.js';
import { parsePeriod } from '../metrics/period.js';
import { OrgService } from '../org/org.service.js';
import { parseScope } from '../org/scope.js';
import { type DriftStatusFilter, DriftRepository } from './drift.repository.js';

export interface DriftEpisodesQuery {
  scope?: string;
  from?: string;
  to?: string;
  status?: string;
  cursor?: string;
  limit?: string;
}

const MAX_LIMIT = 500;
const STATUSES: DriftStatusFilter[] = ['open', 'recovered', 'all'];

function decodeCursor(cursor: string | undefined): { startedAt: string; id: string } | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown; i?: unknown };
    if (typeof v.s === 'string' && !Number.isNaN(Date.parse(v.s)) && typeof v.i === 'string') return { startedAt: v.s, id: v.i };
  } catch {
    // fall through
  }
  throw invalidField('cursor', 'is not a cursor returned by this endpoint');
}

const encodeCursor = (startedAt: string, id: string) => Buffer.from(JSON.stringify({ s: startedAt, i: id })).toString('base64url');

/** Drift episodes of a scope and period (newest first), with their signals and recovery. */
@Injectable()
export class DriftService {
  constructor(
    private readonly org: OrgService,
    private readonly repository: DriftRepository,
  ) {}

  async episodes(query: DriftEpisodesQuery, now = new Date()): Promise<DriftEpisodesResponse> {
    const status = (query.status ?? 'all') as DriftStatusFilter;
    if (!STATUSES.includes(status)) throw invalidField('status', "must be 'open', 'recovered' or 'all'");
    const limit = query.limit === undefined ? 100 : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw invalidField('limit', `must be an integer between 1 and ${MAX_LIMIT}`);
    const after = decodeCursor(query.cursor);
    const settings = await this.repository.settings();
    const period = parsePeriod({ from: query.from, to: query.to }, settings.timeZone);
    const scope = await this.org.resolve(parseScope(query.scope));
    const [rows, periodEnd] = await Promise.all([
      this.repository.page(scope.squads, period, status, after, limit + 1),
      this.repository.periodEnd(period),
    ]);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      scope: this.org.describe(scope) as DriftEpisodesResponse['scope'],
      from: period.from,
      to: period.to,
      rows: page.map((e) => toDriftEpisode(e, periodEnd, now.toISOString())),
      nextCursor: rows.length > limit && last ? encodeCursor(last.startedAt, last.id) : null,
    };
  }
}
