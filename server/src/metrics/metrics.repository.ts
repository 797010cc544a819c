import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ChangeFacts, ChangeRow, CommitDayRow, DeploymentFacts, DeploymentRow, IncidentRow, PrRow, RecoveryRow, ReviewDayRow } from './compute/rows.js';
import type { CitingPrFacts, CitingPrRow, LibraryChange } from './compute/patterns.js';
import type { Period } from './period.js';

/** A target of one metric in one scope (`org`, `group:<key>`, `squad:<key>`). */
export interface StoredTarget {
  scope: string;
  metric: string;
  op: string;
  value: number;
}

/**
 * SQL for the metrics: fact rows of one scope and period, with local dates in the org zone.
 * Parameters: $1 squads (null = org), $2 from, $3 to (dates), $4 time zone.
 */
const DEPLOYMENT_SCOPE = `($1::text[] IS NULL
  OR f.service IN (SELECT key FROM services WHERE squads && $1::text[])
  OR f.repo IN (SELECT key FROM repositories WHERE squads && $1::text[]))`;
const REPO_SCOPE = (col: string) => `($1::text[] IS NULL OR ${col} IN (SELECT key FROM repositories WHERE squads && $1::text[]))`;
const INCIDENT_SCOPE = `($1::text[] IS NULL OR i.service IN (SELECT key FROM services WHERE squads && $1::text[]) OR i.squad = ANY($1::text[]))`;
const IN_PERIOD = (col: string) => `${col} >= ($2::date)::timestamp AT TIME ZONE $4 AND ${col} < ($3::date)::timestamp AT TIME ZONE $4`;
const LOCAL = (col: string) => `to_char(${col} AT TIME ZONE $4, 'YYYY-MM-DD')`;
const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const DEPLOYMENT_COLUMNS = `f.deployment_id AS id, f.service, f.repo, d.environment, d.sha, ${ISO('f.finished_at')} AS "finishedAt",
  ${LOCAL('f.finished_at')} AS "localDate", f.rollback, f.rollback_rule AS "rollbackRule", f.failed, f.failure_rules AS "failureRules",
  ${ISO('f.failure_started_at')} AS "failureStartedAt", ${ISO('f.recovered_at')} AS "recoveredAt", f.recovery_rule AS "recoveryRule",
  f.rework, f.rework_rules AS "reworkRules", f.changes_shipped AS "changesShipped", f.shipping_rule AS "shippingRule", f.detail`;

@Injectable()
export class MetricsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private params(squads: string[] | null, p: Period): unknown[] {
    return [squads, p.from, p.to, p.timeZone];
  }

  /** Successful production deployments finished in the period. */
  async deployments(squads: string[] | null, p: Period): Promise<DeploymentRow[]> {
    return (await this.dataSource.query(
      `SELECT ${DEPLOYMENT_COLUMNS} FROM deployment_facts f JOIN deployments d ON d.id = f.deployment_id
       WHERE f.counted AND ${IN_PERIOD('f.finished_at')} AND ${DEPLOYMENT_SCOPE}
       ORDER BY f.finished_at DESC, f.deployment_id DESC`,
      this.params(squads, p),
    )) as DeploymentRow[];
  }

  /** The deployment metrics' reading of `deployments`: the same rows, only the columns they read, no order. */
  async deploymentFacts(squads: string[] | null, p: Period): Promise<DeploymentFacts[]> {
    return (await this.dataSource.query(
      `SELECT f.deployment_id AS id, ${LOCAL('f.finished_at')} AS "localDate", f.failed, f.rework
       FROM deployment_facts f JOIN deployments d ON d.id = f.deployment_id
       WHERE f.counted AND ${IN_PERIOD('f.finished_at')} AND ${DEPLOYMENT_SCOPE}`,
      this.params(squads, p),
    )) as DeploymentFacts[];
  }

  /** Failed deployments whose failure was recovered in the period. */
  async recoveries(squads: string[] | null, p: Period): Promise<RecoveryRow[]> {
    return (await this.dataSource.query(
      `SELECT ${DEPLOYMENT_COLUMNS}, ${LOCAL('f.recovered_at')} AS "recoveredLocalDate"
       FROM deployment_facts f JOIN deployments d ON d.id = f.deployment_id
       WHERE f.counted AND f.failed AND f.recovered_at IS NOT NULL AND ${IN_PERIOD('f.recovered_at')} AND ${DEPLOYMENT_SCOPE}
       ORDER BY f.recovered_at DESC, f.deployment_id DESC`,
      this.params(squads, p),
    )) as RecoveryRow[];
  }

  /** Changes shipped by deployments finished in the period. */
  async changes(squads: string[] | null, p: Period): Promise<ChangeRow[]> {
    return (await this.dataSource.query(
      `SELECT f.repo, f.change_key AS "changeKey", f.pr_number AS "prNumber", f.deployment_id AS "deploymentId", f.service, f.author, f.agent,
              ${ISO('f.started_at')} AS "startedAt", ${ISO('f.opened_at')} AS "openedAt", ${ISO('f.first_review_at')} AS "firstReviewAt",
              ${ISO('f.merged_at')} AS "mergedAt", ${ISO('f.deployed_at')} AS "deployedAt", ${LOCAL('f.deployed_at')} AS "localDate",
              f.lead_time_s AS "leadTimeS", f.coding_s AS "codingS", f.pickup_s AS "pickupS", f.review_s AS "reviewS", f.deploy_s AS "deployS", f.rule
       FROM change_facts f
       WHERE ${IN_PERIOD('f.deployed_at')} AND ${DEPLOYMENT_SCOPE}
       ORDER BY f.deployed_at DESC, f.repo, f.change_key`,
      this.params(squads, p),
    )) as ChangeRow[];
  }

  /**
   * The lead-time metric's reading of `changes`: the same changes with only the columns the
   * metric reads (no ISO instants, no order): several times cheaper on a cold metrics query.
   */
  async changeFacts(squads: string[] | null, p: Period): Promise<ChangeFacts[]> {
    return (await this.dataSource.query(
      `SELECT f.pr_number AS "prNumber", f.agent, ${LOCAL('f.deployed_at')} AS "localDate", f.lead_time_s AS "leadTimeS",
              f.coding_s AS "codingS", f.pickup_s AS "pickupS", f.review_s AS "reviewS", f.deploy_s AS "deployS"
       FROM change_facts f
       WHERE ${IN_PERIOD('f.deployed_at')} AND ${DEPLOYMENT_SCOPE}`,
      this.params(squads, p),
    )) as ChangeFacts[];
  }

  /** Incidents opened or resolved in the period, with their attribution. */
  async incidents(squads: string[] | null, p: Period, workingHours: { start: number; end: number; days: number[] }): Promise<IncidentRow[]> {
    return (await this.dataSource.query(
      `SELECT i.id, i.service, i.squad, i.title, i.severity, ${ISO('i.opened_at')} AS "openedAt", ${ISO('i.resolved_at')} AS "resolvedAt",
              ${LOCAL('i.opened_at')} AS "openedLocalDate", ${LOCAL('i.resolved_at')} AS "resolvedLocalDate",
              NOT (extract(isodow FROM i.opened_at AT TIME ZONE $4)::int = ANY($5::int[])
                   AND extract(hour FROM i.opened_at AT TIME ZONE $4) + extract(minute FROM i.opened_at AT TIME ZONE $4) / 60.0 >= $6
                   AND extract(hour FROM i.opened_at AT TIME ZONE $4) + extract(minute FROM i.opened_at AT TIME ZONE $4) / 60.0 < $7) AS "openedOutOfHours",
              a.deployment_id AS "deploymentId", COALESCE(a.rule, 'not-change-related') AS rule, a.detail
       FROM incidents i LEFT JOIN incident_facts a ON a.incident_id = i.id
       WHERE (${IN_PERIOD('i.opened_at')} OR (i.resolved_at IS NOT NULL AND ${IN_PERIOD('i.resolved_at')})) AND ${INCIDENT_SCOPE}
       ORDER BY i.opened_at DESC, i.id DESC`,
      [...this.params(squads, p), workingHours.days.map((d) => (d === 0 ? 7 : d)), workingHours.start, workingHours.end],
    )) as IncidentRow[];
  }

  /** PRs opened in the period. */
  async pullRequests(squads: string[] | null, p: Period): Promise<PrRow[]> {
    return (await this.dataSource.query(
      `SELECT f.repo, f.number, f.author, f.agent, f.bot, ${ISO('f.created_at')} AS "createdAt", ${LOCAL('f.created_at')} AS "localDate",
              ${ISO('f.first_review_at')} AS "firstReviewAt", f.first_reviewer AS "firstReviewer"
       FROM pr_facts f WHERE ${IN_PERIOD('f.created_at')} AND ${REPO_SCOPE('f.repo')}
       ORDER BY f.created_at DESC, f.repo, f.number`,
      this.params(squads, p),
    )) as PrRow[];
  }

  /** Counted reviews per reviewer per local day. */
  async reviewDays(squads: string[] | null, p: Period): Promise<ReviewDayRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT f.reviewer, bool_or(f.practice_lead) AS "practiceLead", ${LOCAL('f.submitted_at')} AS "localDate", count(*)::int AS n
       FROM review_facts f WHERE f.counted AND ${IN_PERIOD('f.submitted_at')} AND ${REPO_SCOPE('f.repo')}
       GROUP BY 1, 3 ORDER BY 3, 1`,
      this.params(squads, p),
    )) as ReviewDayRow[];
    return rows;
  }

  /** Human commits per local day, with the out-of-hours count. */
  async commitDays(squads: string[] | null, p: Period): Promise<CommitDayRow[]> {
    return (await this.dataSource.query(
      `SELECT ${LOCAL('f.authored_at')} AS "localDate", count(*)::int AS total, count(*) FILTER (WHERE f.out_of_hours)::int AS "outOfHours"
       FROM commit_facts f WHERE f.human AND ${IN_PERIOD('f.authored_at')} AND ${REPO_SCOPE('f.repo')}
       GROUP BY 1 ORDER BY 1`,
      this.params(squads, p),
    )) as CommitDayRow[];
  }

  /** Human commits in the period (drill-down of out_of_hours_commit_rate), newest first. */
  async commits(squads: string[] | null, p: Period, offset: number, limit: number): Promise<Record<string, unknown>[]> {
    return (await this.dataSource.query(
      `SELECT f.repo, f.sha, f.author, ${ISO('f.authored_at')} AS "authoredAt", f.time_zone AS "timeZone", f.out_of_hours AS "outOfHours"
       FROM commit_facts f WHERE f.human AND ${IN_PERIOD('f.authored_at')} AND ${REPO_SCOPE('f.repo')}
       ORDER BY f.authored_at DESC, f.repo, f.sha OFFSET $5 LIMIT $6`,
      [...this.params(squads, p), offset, limit],
    )) as Record<string, unknown>[];
  }

  /** PRs merged in the period with their pattern citations (kind as of the merge). */
  async citingPrs(squads: string[] | null, p: Period): Promise<CitingPrRow[]> {
    return (await this.dataSource.query(
      `SELECT f.repo, f.number, pr.title, f.author, f.agent, f.bot, ${ISO('f.merged_at')} AS "mergedAt", ${LOCAL('f.merged_at')} AS "localDate",
              COALESCE((SELECT jsonb_agg(jsonb_build_object('key', c.pattern_key, 'kind', c.kind, 'via', c.via) ORDER BY c.pattern_key)
                        FROM pr_citations c WHERE c.repo = f.repo AND c.number = f.number), '[]'::jsonb) AS citations
       FROM pr_facts f LEFT JOIN pull_requests pr ON pr.repo = f.repo AND pr.number = f.number
       WHERE f.merged_at IS NOT NULL AND ${IN_PERIOD('f.merged_at')} AND ${REPO_SCOPE('f.repo')}
       ORDER BY f.merged_at DESC, f.repo, f.number`,
      this.params(squads, p),
    )) as CitingPrRow[];
  }

  /**
   * The citation metrics' reading of `citingPrs`: the same PRs without what only the drill-downs
   * show (no join on the PR for its title, no ISO instants, no order), so a cold metrics query
   * reads less.
   */
  async citationFacts(squads: string[] | null, p: Period): Promise<CitingPrFacts[]> {
    return (await this.dataSource.query(
      `SELECT f.agent, f.bot, ${LOCAL('f.merged_at')} AS "localDate",
              COALESCE((SELECT jsonb_agg(jsonb_build_object('key', c.pattern_key, 'kind', c.kind, 'via', c.via) ORDER BY c.pattern_key)
                        FROM pr_citations c WHERE c.repo = f.repo AND c.number = f.number), '[]'::jsonb) AS citations
       FROM pr_facts f
       WHERE f.merged_at IS NOT NULL AND ${IN_PERIOD('f.merged_at')} AND ${REPO_SCOPE('f.repo')}`,
      this.params(squads, p),
    )) as CitingPrFacts[];
  }

  /** Every change of the pattern library: entries' created/updated/retired times and the recorded history. */
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

  /** Local midnights of the given dates in the zone, as UTC instants (ISO). */
  async instants(dates: string[], timeZone: string): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${ISO('(d::date)::timestamp AT TIME ZONE $2::text')} AS at FROM unnest($1::text[]) WITH ORDINALITY AS u(d, i) ORDER BY i`,
      [dates, timeZone],
    )) as { at: string }[];
    return rows.map((r) => r.at);
  }

  /** Library entries (the migration list names each retired pattern's replacement and note). */
  async patterns(): Promise<{ key: string; title: string; status: string; retiredAt: string | null; replacedBy: string | null; migrationNote: string | null }[]> {
    return (await this.dataSource.query(
      `SELECT key, title, status, ${ISO('retired_at')} AS "retiredAt", replaced_by AS "replacedBy", migration_note AS "migrationNote" FROM patterns ORDER BY key`,
    )) as { key: string; title: string; status: string; retiredAt: string | null; replacedBy: string | null; migrationNote: string | null }[];
  }

  async targets(scope: string): Promise<{ metric: string; op: string; value: number }[]> {
    return (await this.dataSource.query(`SELECT metric, op, value FROM metric_targets WHERE scope = $1`, [scope])) as {
      metric: string;
      op: string;
      value: number;
    }[];
  }

  async setTarget(scope: string, metric: string, op: string, value: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO metric_targets (scope, metric, op, value, updated_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (scope, metric) DO UPDATE SET op = EXCLUDED.op, value = EXCLUDED.value, updated_at = now()`,
      [scope, metric, op, value],
    );
  }

  async deleteTarget(scope: string, metric: string): Promise<boolean> {
    const rows = (await this.dataSource.query(`DELETE FROM metric_targets WHERE scope = $1 AND metric = $2 RETURNING 1`, [scope, metric])) as unknown[];
    return rows.length > 0;
  }

  /** org rules and the facts version (bumped by every recompute: the cache key of computed values) */
  /** Org settings, facts version and every target, in one round trip (see MetricsSnapshot). */
  async snapshot(): Promise<{ timeZone: string; productionPattern: string; rules: Record<string, unknown> | null; factsVersion: string; targets: StoredTarget[] }> {
    const rows = (await this.dataSource.query(
      `SELECT time_zone AS "timeZone", production_pattern AS "productionPattern", rules, facts_version::text AS "factsVersion",
              COALESCE((SELECT json_agg(json_build_object('scope', t.scope, 'metric', t.metric, 'op', t.op, 'value', t.value) ORDER BY t.scope, t.metric)
                        FROM metric_targets t), '[]'::json) AS targets
       FROM org_settings WHERE id = 1`,
    )) as { timeZone: string; productionPattern: string; rules: Record<string, unknown> | null; factsVersion: string; targets: StoredTarget[] }[];
    return rows[0]!;
  }
}
