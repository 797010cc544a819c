import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { PatternChange, PatternEntry } from '@bearing/shared';
import type { LibraryChange } from '../metrics/compute/patterns.js';
import type { Period } from '../metrics/period.js';

const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const ENTRY = `key, title, status, ${ISO('created_at')} AS "createdAt", ${ISO('updated_at')} AS "updatedAt", ${ISO('retired_at')} AS "retiredAt",
  replaced_by AS "replacedBy", migration_note AS "migrationNote", path`;

/** SQL of the pattern library: entries, their change history and citation counts. */
@Injectable()
export class PatternsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async settings(): Promise<{ timeZone: string; productionPattern: string; rules: Record<string, unknown> | null }> {
    const rows = (await this.dataSource.query(
      `SELECT time_zone AS "timeZone", production_pattern AS "productionPattern", rules FROM org_settings WHERE id = 1`,
    )) as { timeZone: string; productionPattern: string; rules: Record<string, unknown> | null }[];
    return rows[0]!;
  }

  async list(): Promise<PatternEntry[]> {
    return (await this.dataSource.query(`SELECT ${ENTRY} FROM patterns ORDER BY key`)) as PatternEntry[];
  }

  async find(key: string, m: EntityManager = this.dataSource.manager): Promise<PatternEntry | null> {
    const rows = (await m.query(`SELECT ${ENTRY} FROM patterns WHERE key = $1`, [key])) as PatternEntry[];
    return rows[0] ?? null;
  }

  /** Per cited key: merged PRs of the scope merged in the period citing it, and how many of those cite it retired. */
  async citationCounts(squads: string[] | null, p: Period): Promise<{ key: string; kind: string; prs: number }[]> {
    return (await this.dataSource.query(
      `SELECT c.pattern_key AS key, c.kind, count(*)::int AS prs
       FROM pr_citations c JOIN pr_facts f ON f.repo = c.repo AND f.number = c.number
       WHERE f.merged_at IS NOT NULL
         AND f.merged_at >= ($2::date)::timestamp AT TIME ZONE $4 AND f.merged_at < ($3::date)::timestamp AT TIME ZONE $4
         AND ($1::text[] IS NULL OR f.repo IN (SELECT key FROM repositories WHERE squads && $1::text[]))
       GROUP BY 1, 2 ORDER BY 1, 2`,
      [squads, p.from, p.to, p.timeZone],
    )) as { key: string; kind: string; prs: number }[];
  }

  async libraryChanges(): Promise<LibraryChange[]> {
    return (await this.dataSource.query(
      `SELECT key, ${ISO('at')} AS at, action FROM (
         SELECT key, created_at AS at, 'created' AS action FROM patterns
         UNION SELECT key, updated_at, 'edited' FROM patterns WHERE updated_at IS NOT NULL
         UNION SELECT key, retired_at, 'retired' FROM patterns WHERE retired_at IS NOT NULL
         UNION SELECT key, at, action FROM pattern_changes
       ) x ORDER BY at, key`,
    )) as LibraryChange[];
  }

  /** The local midnight of `date` in the zone, as an ISO instant. */
  async instant(date: string, timeZone: string): Promise<string> {
    const rows = (await this.dataSource.query(`SELECT ${ISO('($1::date)::timestamp AT TIME ZONE $2::text')} AS at`, [date, timeZone])) as { at: string }[];
    return rows[0]!.at;
  }

  async history(key: string): Promise<PatternChange[]> {
    return (await this.dataSource.query(
      `SELECT ${ISO('at')} AS at, action, by, before, after FROM pattern_changes WHERE key = $1 ORDER BY at, id`,
      [key],
    )) as PatternChange[];
  }

  /** Runs a library change and records it in the history, atomically. */
  async change(
    key: string,
    action: PatternChange['action'],
    by: string | null,
    at: Date,
    write: (m: EntityManager) => Promise<void>,
  ): Promise<PatternEntry> {
    return this.dataSource.transaction(async (m) => {
      const before = await this.find(key, m);
      await write(m);
      const after = (await this.find(key, m))!;
      await m.query(`INSERT INTO pattern_changes (key, at, action, by, before, after) VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb)`, [
        key,
        at,
        action,
        by,
        before ? JSON.stringify(before) : null,
        JSON.stringify(after),
      ]);
      return after;
    });
  }
}
