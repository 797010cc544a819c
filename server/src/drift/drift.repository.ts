import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DriftEpisodeRow, DriftUnitDayRow } from '../metrics/compute/drift.js';
import type { Period } from '../metrics/period.js';

/**
 * SQL reads of the drift facts for one scope and period. Parameters: $1 squads (null = org),
 * $2 from, $3 to (dates), $4 time zone. An episode belongs to the squads owning its repository;
 * a session without a repository to its agent's squads.
 */
const SCOPE = (alias: string) => `($1::text[] IS NULL
  OR ${alias}.repo IN (SELECT key FROM repositories WHERE squads && $1::text[])
  OR (${alias}.repo IS NULL AND ${alias}.person IN (SELECT key FROM people WHERE squads && $1::text[])))`;
const START = `(($2::date)::timestamp AT TIME ZONE $4)`;
const END = `(($3::date)::timestamp AT TIME ZONE $4)`;
const LOCAL = (col: string) => `to_char(${col} AT TIME ZONE $4, 'YYYY-MM-DD')`;
const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export type DriftStatusFilter = 'open' | 'recovered' | 'all';

const STATUS: Record<DriftStatusFilter, string> = {
  /** not recovered by the period's end */
  open: `$2::date IS NOT NULL AND e.started_at < ${END} AND (e.recovered_at IS NULL OR e.recovered_at >= ${END})`,
  recovered: `e.recovered_at >= ${START} AND e.recovered_at < ${END}`,
  /** overlapping the period */
  all: `e.started_at < ${END} AND (e.recovered_at IS NULL OR e.recovered_at >= ${START})`,
};

const COLUMNS = (withSignals: boolean) => `e.id, e.unit, e.unit_kind AS "unitKind", e.repo, e.pr_number AS "prNumber", e.session_id AS "sessionId",
  e.person, e.agent, ${ISO('e.started_at')} AS "startedAt", ${ISO('e.recovered_at')} AS "recoveredAt", e.recovery, e.recovery_ref AS "recoveryRef",
  ${LOCAL('e.started_at')} AS "startedLocalDate", ${LOCAL('e.recovered_at')} AS "recoveredLocalDate",
  COALESCE(
    (SELECT s FROM repositories r, unnest(r.squads) WITH ORDINALITY AS x(s, i) WHERE r.key = e.repo ORDER BY ($1::text[] IS NOT NULL AND s = ANY($1::text[])) DESC, i LIMIT 1),
    (SELECT s FROM people p, unnest(p.squads) WITH ORDINALITY AS x(s, i) WHERE e.repo IS NULL AND p.key = e.person ORDER BY ($1::text[] IS NOT NULL AND s = ANY($1::text[])) DESC, i LIMIT 1)
  ) AS squad
  ${withSignals
    ? `, COALESCE((SELECT jsonb_agg(jsonb_build_object('kind', g.kind, 'at', ${ISO('g.at')}, 'detail', g.detail, 'ref', g.ref) ORDER BY g.position)
                  FROM drift_signals g WHERE g.episode_id = e.id), '[]'::jsonb) AS signals`
    : ''}`;

@Injectable()
export class DriftRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private params(squads: string[] | null, p: Period): unknown[] {
    return [squads, p.from, p.to, p.timeZone];
  }

  /** Episodes overlapping the period (started before its end, not recovered before its start). */
  async episodes(squads: string[] | null, p: Period, withSignals = false): Promise<DriftEpisodeRow[]> {
    return (await this.dataSource.query(
      `SELECT ${COLUMNS(withSignals)} FROM drift_episodes e
       WHERE ${STATUS.all} AND ${SCOPE('e')}
       ORDER BY e.started_at DESC, e.id DESC`,
      this.params(squads, p),
    )) as DriftEpisodeRow[];
  }

  /** One page of episodes, newest start first (keyset on start time and id). */
  async page(
    squads: string[] | null,
    p: Period,
    status: DriftStatusFilter,
    after: { startedAt: string; id: string } | null,
    limit: number,
  ): Promise<DriftEpisodeRow[]> {
    return (await this.dataSource.query(
      `SELECT ${COLUMNS(true)} FROM drift_episodes e
       WHERE ${STATUS[status]} AND ${SCOPE('e')}
         AND ($5::timestamptz IS NULL OR (e.started_at, e.id) < ($5::timestamptz, $6::text))
       ORDER BY e.started_at DESC, e.id DESC
       LIMIT $7`,
      [...this.params(squads, p), after?.startedAt ?? null, after?.id ?? '', limit],
    )) as DriftEpisodeRow[];
  }

  /** Work units started in the period per local day, split agent/human (the per-100-units denominator). */
  async unitDays(squads: string[] | null, p: Period): Promise<DriftUnitDayRow[]> {
    return (await this.dataSource.query(
      `SELECT ${LOCAL('u.started_at')} AS "localDate", u.agent, count(*)::int AS n
       FROM drift_units u
       WHERE u.started_at >= ${START} AND u.started_at < ${END} AND ${SCOPE('u')}
       GROUP BY 1, 2 ORDER BY 1, 2`,
      this.params(squads, p),
    )) as DriftUnitDayRow[];
  }

  /** The period's end as an instant (local midnight of `to` in the zone). */
  async periodEnd(p: Period): Promise<string> {
    const rows = (await this.dataSource.query(`SELECT ${ISO('(($1::date)::timestamp AT TIME ZONE $2::text)')} AS at`, [p.to, p.timeZone])) as { at: string }[];
    return rows[0]!.at;
  }

  async settings(): Promise<{ timeZone: string; productionPattern: string; rules: Record<string, unknown> | null }> {
    const rows = (await this.dataSource.query(
      `SELECT time_zone AS "timeZone", production_pattern AS "productionPattern", rules FROM org_settings WHERE id = 1`,
    )) as { timeZone: string; productionPattern: string; rules: Record<string, unknown> | null }[];
    return rows[0]!;
  }
}
