import { Injectable } from '@nestjs/common';
import type { PatternEntry, PatternHistoryResponse, PatternsResponse, PatternWithCitations } from '@bearing/shared';
import { invalidField } from '../common/errors.js';
import { patternLibraryFreshness } from '../metrics/compute/patterns.js';
import { type Period, addDays, parsePeriod } from '../metrics/period.js';
import { RecomputeService } from '../metrics/recompute.service.js';
import { mergeRules } from '../metrics/rules.js';
import { OrgService } from '../org/org.service.js';
import { parseScope } from '../org/scope.js';
import {
  type CreatePatternDto,
  type EditPatternDto,
  type RetirePatternDto,
  createPatternSchema,
  editPatternSchema,
  parseBody,
  retirePatternSchema,
} from './dto/pattern.dto.js';
import { patternAlreadyRetired, patternExists, patternNotFound } from './patterns.errors.js';
import { PatternsRepository } from './patterns.repository.js';

export interface PatternsQuery {
  scope?: string;
  from?: string;
  to?: string;
}

/** Default period: the 28 days up to and including today in the org zone. */
function defaultPeriod(timeZone: string, now: Date): { from: string; to: string } {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const to = addDays(today, 1);
  return { from: addDays(to, -28), to };
}

/**
 * The pattern library: entries with their citations per scope and period, unknown keys, and
 * freshness; writes (create, edit, retire) record the change history and rebuild citations.
 */
@Injectable()
export class PatternsService {
  constructor(
    private readonly repository: PatternsRepository,
    private readonly org: OrgService,
    private readonly recompute: RecomputeService,
  ) {}

  async list(query: PatternsQuery, now = new Date()): Promise<PatternsResponse> {
    const settings = await this.repository.settings();
    const rules = mergeRules(settings.timeZone, settings.productionPattern, settings.rules);
    const q = query.from === undefined && query.to === undefined ? defaultPeriod(settings.timeZone, now) : query;
    const period: Period = parsePeriod(q, settings.timeZone);
    const scope = await this.org.resolve(parseScope(query.scope));
    const [entries, counts, changes, periodEnd] = await Promise.all([
      this.repository.list(),
      this.repository.citationCounts(scope.squads, period),
      this.repository.libraryChanges(),
      this.repository.instant(period.to, period.timeZone),
    ]);
    const known = new Set(entries.map((e) => e.key));
    const perKey = new Map<string, { citations: number; retired: number }>();
    for (const c of counts) {
      const e = perKey.get(c.key) ?? { citations: 0, retired: 0 };
      e.citations += c.prs;
      if (c.kind === 'retired') e.retired += c.prs;
      perKey.set(c.key, e);
    }
    const patterns: PatternWithCitations[] = entries.map((e) => ({
      ...e,
      citations: perKey.get(e.key)?.citations ?? 0,
      retiredCitations: perKey.get(e.key)?.retired ?? 0,
    }));
    const unknownKeys = counts
      .filter((c) => c.kind === 'unknown' && !known.has(c.key))
      .map((c) => ({ key: c.key, citations: c.prs }))
      .sort((a, b) => b.citations - a.citations || (a.key < b.key ? -1 : 1));
    const f = patternLibraryFreshness(changes, { periodEnd, bucketEnds: [] }, now.toISOString(), rules.libraryIncrementDays);
    return {
      scope: this.org.describe(scope),
      from: period.from,
      to: period.to,
      timeZone: period.timeZone,
      patterns,
      unknownKeys,
      freshness: {
        seconds: f.value,
        lastChangedAt: (f.lastChangedAt as string | null) ?? null,
        stale: (f.stale as boolean | null) ?? null,
        incrementDays: rules.libraryIncrementDays,
      },
    };
  }

  async get(key: string): Promise<PatternEntry> {
    const p = await this.repository.find(key);
    if (!p) throw patternNotFound(key);
    return p;
  }

  async history(key: string): Promise<PatternHistoryResponse> {
    const changes = await this.repository.history(key);
    if (!changes.length && !(await this.repository.find(key))) throw patternNotFound(key);
    return { key, changes };
  }

  private async assertReplacement(key: string, replacedBy: string | null | undefined): Promise<void> {
    if (replacedBy === null || replacedBy === undefined) return;
    if (replacedBy === key) throw invalidField('replacedBy', 'cannot be the pattern itself');
    if (!(await this.repository.find(replacedBy))) throw invalidField('replacedBy', `unknown pattern '${replacedBy.slice(0, 64)}'`);
  }

  async create(body: unknown, by: string | null, now = new Date()): Promise<PatternEntry> {
    const dto: CreatePatternDto = parseBody(createPatternSchema, body);
    await this.assertReplacement(dto.key, dto.replacedBy);
    const after = await this.repository.change(dto.key, 'created', by, now, async (m) => {
      const rows = (await m.query(
        `INSERT INTO patterns (key, title, status, created_at, path, migration_note, replaced_by) VALUES ($1, $2, 'active', $3, $4, $5, $6)
         ON CONFLICT (key) DO NOTHING RETURNING key`,
        [dto.key, dto.title, now, dto.path ?? null, dto.migrationNote ?? null, dto.replacedBy ?? null],
      )) as unknown[];
      if (!rows.length) throw patternExists(dto.key);
    });
    await this.recompute.recompute();
    return after;
  }

  async edit(key: string, body: unknown, by: string | null, now = new Date()): Promise<PatternEntry> {
    const dto: EditPatternDto = parseBody(editPatternSchema, body);
    await this.get(key);
    await this.assertReplacement(key, dto.replacedBy);
    const after = await this.repository.change(key, 'edited', by, now, async (m) => {
      await m.query(
        `UPDATE patterns SET
           title = CASE WHEN $2 THEN $3 ELSE title END,
           path = CASE WHEN $4 THEN $5 ELSE path END,
           migration_note = CASE WHEN $6 THEN $7 ELSE migration_note END,
           replaced_by = CASE WHEN $8 THEN $9 ELSE replaced_by END,
           updated_at = $10
         WHERE key = $1`,
        [
          key,
          dto.title !== undefined, dto.title ?? null,
          dto.path !== undefined, dto.path ?? null,
          dto.migrationNote !== undefined, dto.migrationNote ?? null,
          dto.replacedBy !== undefined, dto.replacedBy ?? null,
          now,
        ],
      );
    });
    await this.recompute.recompute();
    return after;
  }

  async retire(key: string, body: unknown, by: string | null, now = new Date()): Promise<PatternEntry> {
    const dto: RetirePatternDto = parseBody(retirePatternSchema, body);
    const current = await this.get(key);
    if (current.status === 'retired') throw patternAlreadyRetired(key);
    await this.assertReplacement(key, dto.replacedBy);
    const at = dto.retiredAt ? new Date(dto.retiredAt) : now;
    if (at.getTime() > now.getTime()) throw invalidField('retiredAt', 'must not be in the future');
    const after = await this.repository.change(key, 'retired', by, now, async (m) => {
      await m.query(
        `UPDATE patterns SET status = 'retired', retired_at = $2, migration_note = $3, replaced_by = COALESCE($4, replaced_by) WHERE key = $1`,
        [key, at, dto.migrationNote, dto.replacedBy ?? null],
      );
    });
    await this.recompute.recompute();
    return after;
  }
}
