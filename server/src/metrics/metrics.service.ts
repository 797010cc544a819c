import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip as gzipCallback, gzipSync } from 'node:zlib';
import { Injectable } from '@nestjs/common';
import {
  MAX_METRICS_BATCH_SCOPES,
  type MetricEventsResponse,
  type MetricKey,
  type MetricTarget,
  type MetricValue,
  type MetricsResponse,
  isMetricKey,
} from '@bearing/shared';
import { DomainError, invalidField } from '../common/errors.js';
import { DriftRepository } from '../drift/drift.repository.js';
import { OrgService } from '../org/org.service.js';
import { type ResolvedScope, type ScopeRef, formatScope, parseScope } from '../org/scope.js';
import {
  changeFailureRate,
  deploymentReworkRate,
  failedDeploymentRecoveryTime,
  incidentCount,
  leadTimeForChanges,
  onCallLoad,
  timeToRestore,
} from './compute/dora.js';
import {
  type DriftEpisodeRow,
  type DriftUnitDayRow,
  driftCaughtEarlyRate,
  driftEpisodes,
  driftExpensiveRate,
  driftRecoveryTime,
  recoveredIn,
  recoveryRule,
  toDriftEpisode,
} from './compute/drift.js';
import { outOfHoursCommitRate, reviewConcentration, reviewPickupTime } from './compute/health.js';
import { type CitingPrFacts, type CitingPrRow, citationRule, patternCitationRate, patternLibraryFreshness, retiredPatternCitations } from './compute/patterns.js';
import type { ChangeFacts, ChangeRow, CommitDayRow, DeploymentFacts, DeploymentRow, IncidentRow, PrRow, RecoveryRow, ReviewDayRow } from './compute/rows.js';
import { deploymentFrequency } from './deployment-frequency.js';
import { MetricsSnapshot, type Snapshot } from './metrics-snapshot.js';
import { MetricsRepository, type StoredTarget } from './metrics.repository.js';
import { type Period, buckets, parsePeriod, subPeriods } from './period.js';
import type { MetricRules } from './rules.js';
import { TIER_EDGES } from './tiers.js';
import { mapBounded } from '../common/map-bounded.js';

export interface MetricsQuery {
  scope?: string;
  from?: string;
  to?: string;
  interval?: string;
  metrics?: string;
  cursor?: string;
  limit?: string;
}

/** Metrics computed by this engine. */
export const AVAILABLE_METRICS: MetricKey[] = [
  'deployment_frequency',
  'lead_time_for_changes',
  'change_failure_rate',
  'failed_deployment_recovery_time',
  'time_to_restore',
  'deployment_rework_rate',
  'incident_count',
  'review_pickup_time',
  'review_concentration',
  'out_of_hours_commit_rate',
  'on_call_load',
  'pattern_citation_rate',
  'retired_pattern_citations',
  'pattern_library_freshness',
  'drift_recovery_time',
  'drift_episodes',
  'drift_caught_early_rate',
  'drift_expensive_rate',
];

const DRIFT_RECOVERY =
  'recovered at the first of: every check failing in a streak passing again after the last signal (checks-passed), an agent-session stopped/rebriefed/ended event, the drift label removed, the PR merged or closed';
const DRIFT_SIGNALS =
  'signals: repeated_failure (one CI check failing N times in a row, default 3), out_of_scope (CODEOWNERS of another squad, or outside the session scope), retired_pattern / unknown_pattern, unreviewed_dependency (agent unit changes a manifest before a human approval), flagged (drift label or session flagged event)';

/** The rule each drill-down states, in words. */
export const RULES: Partial<Record<MetricKey, string>> = {
  deployment_frequency:
    "successful-production-deployment: status success, environment matching the org's production pattern, finished within [from, to) in the org time zone",
  lead_time_for_changes:
    'per change shipped by a successful production deployment finished in the period: deployment finished − change start (PR: earliest of first commit and PR creation; commit without PR: its author time); the first deployment shipping a change keeps it',
  change_failure_rate:
    'failed ÷ successful production deployments finished in the period; failed = an incident attributed to it, a rollback following it before the next non-rollback deployment, or an explicit failed flag',
  failed_deployment_recovery_time:
    'per failed deployment recovered in the period: with attributed incidents, latest resolve − earliest open; otherwise finish of the rollback/next deployment − failed deployment finish',
  time_to_restore: 'per incident resolved in the period (change-related or not): resolved − opened',
  deployment_rework_rate:
    'rework ÷ successful production deployments finished in the period; rework = a rollback, shipping a hotfix-labelled or incident-linked PR, or finishing while an incident of the service is open',
  incident_count: 'incidents opened in the period, with the attribution rule of each (explicit, heuristic-window, not-change-related)',
  review_pickup_time: 'per PR opened in the period (bot PRs excluded): first review by someone other than the author, bots excluded − PR opened; PRs never reviewed are left out',
  review_concentration: "reviews submitted in the period (self-reviews and bots' reviews left out): share of the most active reviewer; practice-lead share alongside",
  out_of_hours_commit_rate: "human commits authored in the period outside working hours (Mon–Fri 09:00–18:00 by default) in the author's zone, or the org's",
  on_call_load: 'incidents opened in the period per week (and per squad per week), with the share opened outside working hours in the org zone',
  pattern_citation_rate:
    'merged PRs (by merge time, bot authors excluded) whose title or description cites at least one pattern active at merge time (key as a whole word, case-insensitive, or a link/path to its file) ÷ merged PRs; split agent/human',
  retired_pattern_citations:
    'merged PRs (by merge time) citing a pattern retired at or before their merge: one row per PR and retired pattern, with its replacement and migration note',
  pattern_library_freshness:
    'seconds since the library last changed (entry added, edited or retired) at the end of the period, or now when earlier; stale when longer than the increment (libraryIncrementDays, default 14)',
  drift_recovery_time: `per drift episode recovered in the period: recovered − started (median, p90); episodes open at the period's end are left out. An episode starts at a unit's first signal not inside an open episode; ${DRIFT_RECOVERY}. ${DRIFT_SIGNALS}`,
  drift_episodes: `drift episodes started in the period (work units: PRs and agent sessions, a session linked to a PR is one unit with it); split agent/human; per 100 units started in the period. ${DRIFT_SIGNALS}`,
  drift_caught_early_rate: `share of drift episodes recovered in the period within the early threshold (driftEarlyMinutes, default 15 min); ${DRIFT_RECOVERY}`,
  drift_expensive_rate: `share of drift episodes recovered in the period that lasted longer than the expensive threshold (driftExpensiveMinutes, default 2 h); ${DRIFT_RECOVERY}`,
};

const MAX_LIMIT = 1000;

/** The fact rows of one scope and period that the metric functions read. */
interface FactRows {
  deployments: DeploymentFacts[];
  recoveries: RecoveryRow[];
  changes: ChangeFacts[];
  incidents: IncidentRow[];
  prs: PrRow[];
  reviewDays: ReviewDayRow[];
  commitDays: CommitDayRow[];
  citingPrs: CitingPrFacts[];
  episodes: DriftEpisodeRow[];
  unitDays: DriftUnitDayRow[];
  squadCount: number;
  rules: MetricRules;
}

/** Loaded rows, with what is measured at one (sub-)period's end. */
interface PeriodFacts {
  rows: FactRows;
  freshness: MetricValue | null;
  /** the period's end as an instant (drift: episodes open at the end) */
  periodEnd: string;
}

/** Scopes of one batch computed at the same time (each runs its own queries in parallel). */
const BATCH_CONCURRENCY = 3;

const gzip = promisify(gzipCallback);

type Bundle = Partial<Record<MetricKey, MetricValue>>;
type Context = { period: Period; scope: ResolvedScope; rules: MetricRules; version: string; targets: readonly StoredTarget[] };

/** Who may read which scope (the caller's `AccessContext`). */
export interface ScopeReader {
  canRead(scope: ScopeRef): Promise<boolean>;
}

/** A MetricsResponse as JSON bytes, plain and gzipped, with the ETag of the plain form. */
export interface SerialisedMetrics {
  body: Buffer;
  gzip: Buffer;
  etag: string;
}

function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof v.o === 'number' && Number.isInteger(v.o) && v.o >= 0) return v.o;
  } catch {
    // fall through
  }
  throw invalidField('cursor', 'is not a cursor returned by this endpoint');
}

const encodeCursor = (offset: number) => Buffer.from(JSON.stringify({ o: offset })).toString('base64url');

function compare(value: number | null, t: { op: string; value: number }): boolean | null {
  if (value === null) return null;
  switch (t.op) {
    case '<':
      return value < t.value;
    case '<=':
      return value <= t.value;
    case '>':
      return value > t.value;
    default:
      return value >= t.value;
  }
}

const COMMA = Buffer.from(',');

/** The body of `POST /metrics/batch`, checked field by field (as `GET /metrics` checks its query). */
function parseBatch(input: unknown): { scopes: string[]; from?: string; to?: string; interval?: string; metrics?: string } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw invalidField('body', 'must be a JSON object');
  const b = input as Record<string, unknown>;
  const { scopes, metrics } = b;
  if (!Array.isArray(scopes) || scopes.length === 0) throw invalidField('scopes', 'must be a non-empty array of scopes');
  if (scopes.length > MAX_METRICS_BATCH_SCOPES) throw invalidField('scopes', `at most ${MAX_METRICS_BATCH_SCOPES} scopes per request (got ${scopes.length})`);
  if (!scopes.every((s): s is string => typeof s === 'string')) throw invalidField('scopes', "each must be a string: 'org', 'group:<key>' or 'squad:<key>'");
  const text = (field: 'from' | 'to' | 'interval'): string | undefined => {
    const v = b[field];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw invalidField(field, 'must be a string');
    return v;
  };
  if (metrics !== undefined && metrics !== null && !(Array.isArray(metrics) && metrics.every((m) => typeof m === 'string'))) {
    throw invalidField('metrics', 'must be an array of metric keys');
  }
  return { scopes, from: text('from'), to: text('to'), interval: text('interval'), metrics: Array.isArray(metrics) ? metrics.join(',') : undefined };
}

@Injectable()
export class MetricsService {
  constructor(
    private readonly org: OrgService,
    private readonly repository: MetricsRepository,
    private readonly drift: DriftRepository,
    private readonly snapshot: MetricsSnapshot,
  ) {}

  private parseKeys(value: string | undefined): MetricKey[] {
    if (value === undefined || value.trim() === '') return AVAILABLE_METRICS;
    const keys = value.split(',').map((k) => k.trim()).filter(Boolean);
    for (const k of keys) {
      if (!isMetricKey(k)) throw invalidField('metrics', `unknown metric '${k.slice(0, 64)}'`);
      if (!AVAILABLE_METRICS.includes(k)) throw invalidField('metrics', `metric '${k}' is not computed yet`);
    }
    return [...new Set(keys)] as MetricKey[];
  }

  private async context(query: MetricsQuery): Promise<Context> {
    const snap = await this.snapshot.get();
    const period = parsePeriod(query, snap.timeZone);
    return this.contextOf(snap, period, await snap.resolve(parseScope(query.scope)));
  }

  private contextOf(snap: Snapshot, period: Period, scope: ResolvedScope): Context {
    return { period, scope, rules: snap.rules, version: snap.version, targets: snap.targets.get(this.org.describe(scope)) ?? [] };
  }

  /**
   * Computed values per (facts version, scope, period, keys). Facts only change through a
   * recompute, which bumps the version in the same transaction, so a cached value is never
   * stale; each replica keeps its own small LRU.
   */
  private readonly cache = new Map<string, Bundle>();
  private static readonly CACHE_SIZE = 500;

  /**
   * Computations under way, per cache key: a second identical request (a reload while the
   * first is still computing, the batch and the chart asking for the same scope) waits for the
   * same promise instead of starting its own. Removed when settled; a failure is not cached.
   */
  private readonly inflight = new Map<string, Promise<Bundle>>();

  private cached(key: string): Bundle | undefined {
    const v = this.cache.get(key);
    if (v) {
      this.cache.delete(key);
      this.cache.set(key, v);
    }
    return v;
  }

  private remember(key: string, value: Bundle): void {
    this.cache.set(key, value);
    while (this.cache.size > MetricsService.CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
  }

  /** The cached bundle of `key`, the computation of it under way, or a new one. */
  private shared(key: string, compute: () => Promise<Bundle>): Promise<Bundle> {
    const hit = this.cached(key);
    if (hit) return Promise.resolve(hit);
    let running = this.inflight.get(key);
    if (!running) {
      running = compute().then(
        (value) => {
          this.inflight.delete(key);
          this.remember(key, value);
          return value;
        },
        (error: unknown) => {
          this.inflight.delete(key);
          throw error;
        },
      );
      this.inflight.set(key, running);
    }
    return running;
  }

  /** Serialised answers per (facts version, scope, period, keys, targets, freshness minute). */
  private readonly bodies = new Map<string, SerialisedMetrics>();
  private static readonly BODIES_SIZE = 200;

  /**
   * `metrics()` serialised (UTF-8 and gzip), with a strong ETag. Repeated dashboard queries
   * between two data changes are answered from the serialised copy: no database work, no JSON
   * encoding, no compression.
   */
  async metricsBody(query: MetricsQuery): Promise<SerialisedMetrics> {
    const keys = this.parseKeys(query.metrics);
    return this.serialised(keys, await this.context(query));
  }

  private async serialised(keys: MetricKey[], ctx: Context): Promise<SerialisedMetrics> {
    const withFreshness = keys.includes('pattern_library_freshness');
    const key = JSON.stringify([ctx.version, this.org.describe(ctx.scope), ctx.period, keys, ctx.targets, withFreshness ? Math.floor(Date.now() / 60_000) : null]);
    let hit = this.bodies.get(key);
    if (hit) {
      this.bodies.delete(key);
    } else {
      const body = Buffer.from(JSON.stringify(await this.answer(keys, ctx)));
      hit = { body, gzip: gzipSync(body), etag: `"${createHash('sha1').update(key).digest('base64url')}"` };
    }
    this.bodies.set(key, hit);
    while (this.bodies.size > MetricsService.BODIES_SIZE) this.bodies.delete(this.bodies.keys().next().value!);
    return hit;
  }

  /**
   * `POST /metrics/batch`: one `MetricsResponse` per scope, in the order asked, as one
   * `MetricsBatchResponse` (UTF-8 and gzip). Every scope is checked (syntax, the caller may
   * read it, it exists) before anything is computed; then at most `BATCH_CONCURRENCY` scopes
   * are computed at a time, each through the same caches as `GET /metrics`, until `signal`
   * (the client went away) aborts: then it rejects with the signal's reason.
   */
  async metricsBatchBody(input: unknown, reader: ScopeReader, signal?: AbortSignal): Promise<{ body: Buffer; gzip: Buffer }> {
    const query = parseBatch(input);
    const keys = this.parseKeys(query.metrics);
    const snap = await this.snapshot.get();
    const period = parsePeriod(query, snap.timeZone);
    const refs = query.scopes.map((s) => parseScope(s, 'scopes'));
    for (const ref of refs) {
      if (!(await reader.canRead(ref))) throw new DomainError('forbidden', `scopes: '${formatScope(ref)}' is outside what you may read`, { field: 'scopes' });
    }
    const resolved = await Promise.all(
      refs.map((ref) =>
        snap.resolve(ref).catch((error: unknown) => {
          if (error instanceof DomainError && error.code === 'not_found') throw new DomainError('not_found', `scopes: unknown scope '${formatScope(ref)}'`, { field: 'scopes' });
          throw error;
        }),
      ),
    );
    // a client that has gone (a reload, another page) starts no more scopes; those under way
    // finish into the cache, where the next request finds them
    const parts = await mapBounded(resolved, BATCH_CONCURRENCY, async (scope) => {
      signal?.throwIfAborted();
      return (await this.serialised(keys, this.contextOf(snap, period, scope))).body;
    });
    const body = Buffer.concat([Buffer.from('{"results":['), ...parts.flatMap((p, i) => (i === 0 ? [p] : [COMMA, p])), Buffer.from(']}')]);
    return { body, gzip: await gzip(body) };
  }

  async metrics(query: MetricsQuery): Promise<MetricsResponse> {
    return this.answer(this.parseKeys(query.metrics), await this.context(query));
  }

  private async answer(keys: MetricKey[], { period, scope, rules, version, targets }: Context): Promise<MetricsResponse> {
    const squads = scope.squads;
    const scopeName = this.org.describe(scope);
    // the scoped metrics are cached per facts version; library freshness (library-wide, measured
    // up to now while the period runs) is cached apart, per minute, so it never evicts them
    const scoped = keys.filter((k) => k !== 'pattern_library_freshness');
    const cacheKey = JSON.stringify([version, scopeName, period, scoped]);
    const values = { ...(await this.shared(cacheKey, () => this.compute(scoped, period, squads, rules))) };
    if (scoped.length < keys.length) {
      const freshKey = JSON.stringify([version, 'pattern_library_freshness', period, Math.floor(Date.now() / 60_000)]);
      const fresh = await this.shared(freshKey, async () => ({ pattern_library_freshness: await this.freshness(period, rules) }));
      values.pattern_library_freshness = fresh.pattern_library_freshness;
    }
    return present(keys, values, period, scopeName, targets);
  }

  /**
   * One answer per bucket of the period (`interval` week or month): each equal to `metrics()`
   * asked for that bucket alone — [bucket start, next bucket start) clipped to the period, same
   * interval — with the targets compared to that bucket's value, but from ONE load of the
   * period's fact rows instead of one per bucket. The monthly review asks for four months of
   * every scope this way (the month, the previous month and the three before it for the
   * average). Buckets already in the cache are not computed again; each computed bucket is
   * cached under the key its own query would use.
   */
  async metricsPerBucket(query: MetricsQuery): Promise<MetricsResponse[]> {
    const keys = this.parseKeys(query.metrics);
    const { period, scope, rules, version, targets } = await this.context(query);
    const scopeName = this.org.describe(scope);
    const parts = subPeriods(period);
    const scoped = keys.filter((k) => k !== 'pattern_library_freshness');
    const cacheKeys = parts.map((p) => JSON.stringify([version, scopeName, p, scoped]));
    const bundles = cacheKeys.map((k) => this.cached(k));
    const missing = parts.flatMap((p, i) => (bundles[i] ? [] : [i]));
    if (missing.length > 0) {
      const from = parts[missing[0]!]!.from;
      const to = parts[missing[missing.length - 1]!]!.to;
      const facts = await this.load(scoped, { ...period, from, to }, missing.map((i) => parts[i]!), scope.squads, rules);
      missing.forEach((i, j) => (bundles[i] = this.evaluate(scoped, parts[i]!, facts[j]!)));
    }
    return Promise.all(
      parts.map(async (p, i) => {
        this.remember(cacheKeys[i]!, bundles[i]!);
        const values = { ...bundles[i]! };
        if (scoped.length < keys.length) values.pattern_library_freshness = await this.freshness(p, rules);
        return present(keys, values, p, scopeName, targets);
      }),
    );
  }

  private async compute(keys: MetricKey[], period: Period, squads: string[] | null, rules: MetricRules): Promise<Partial<Record<MetricKey, MetricValue>>> {
    const [facts] = await this.load(keys, period, [period], squads, rules);
    return this.evaluate(keys, period, facts!);
  }

  /**
   * The fact rows the metrics `keys` need over `period`, loaded once, with what depends on each
   * of `parts` (sub-periods of `period`): the drift period end and library freshness. Every row
   * set is "rows whose date falls in the period" (or overlapping it, for drift episodes and
   * incidents), and every metric function keeps only the rows of the period it is given, so the
   * rows of a period serve each of its sub-periods exactly as that sub-period's own load would.
   */
  private async load(keys: MetricKey[], period: Period, parts: Period[], squads: string[] | null, rules: MetricRules): Promise<PeriodFacts[]> {
    const need = (...k: MetricKey[]) => k.some((x) => keys.includes(x));
    const [deployments, recoveries, changes, incidents, prs, reviewDays, commitDays, citingPrs] = await Promise.all([
      need('deployment_frequency', 'change_failure_rate', 'deployment_rework_rate') ? this.repository.deploymentFacts(squads, period) : [],
      need('failed_deployment_recovery_time') ? this.repository.recoveries(squads, period) : [],
      need('lead_time_for_changes') ? this.repository.changeFacts(squads, period) : [],
      need('time_to_restore', 'incident_count', 'on_call_load') ? this.repository.incidents(squads, period, rules.workingHours) : [],
      need('review_pickup_time') ? this.repository.pullRequests(squads, period) : [],
      need('review_concentration') ? this.repository.reviewDays(squads, period) : [],
      need('out_of_hours_commit_rate') ? this.repository.commitDays(squads, period) : [],
      need('pattern_citation_rate', 'retired_pattern_citations') ? this.repository.citationFacts(squads, period) : [],
    ]);
    const freshness = need('pattern_library_freshness') ? await Promise.all(parts.map((p) => this.freshness(p, rules))) : null;
    const driftKeys: MetricKey[] = ['drift_recovery_time', 'drift_episodes', 'drift_caught_early_rate', 'drift_expensive_rate'];
    const [episodes, unitDays, periodEnds] = need(...driftKeys)
      ? await Promise.all([
          this.drift.episodes(squads, period),
          need('drift_episodes') ? this.drift.unitDays(squads, period) : [],
          Promise.all(parts.map((p) => this.drift.periodEnd(p))),
        ])
      : [[], [], parts.map(() => '')];
    const squadCount = squads ? squads.length : (await this.org.squads()).squads.length;
    const rows: FactRows = { deployments, recoveries, changes, incidents, prs, reviewDays, commitDays, citingPrs, episodes, unitDays, squadCount, rules };
    return parts.map((_, i) => ({ rows, freshness: freshness?.[i] ?? null, periodEnd: periodEnds[i]! }));
  }

  /** The metrics `keys` of `period` from loaded rows (pure: no I/O). */
  private evaluate(keys: MetricKey[], period: Period, { rows, freshness, periodEnd }: PeriodFacts): Partial<Record<MetricKey, MetricValue>> {
    const { deployments, recoveries, changes, incidents, prs, reviewDays, commitDays, citingPrs, episodes, unitDays, squadCount, rules } = rows;
    const compute: Record<string, () => MetricValue> = {
      deployment_frequency: () => deploymentFrequency(deployments.map((d) => ({ id: d.id, localDate: d.localDate })), period),
      lead_time_for_changes: () => leadTimeForChanges(changes, period),
      change_failure_rate: () => changeFailureRate(deployments, period),
      failed_deployment_recovery_time: () => failedDeploymentRecoveryTime(recoveries, period),
      time_to_restore: () => timeToRestore(incidents, period),
      deployment_rework_rate: () => deploymentReworkRate(deployments, period),
      incident_count: () => incidentCount(incidents, period),
      review_pickup_time: () => reviewPickupTime(prs, period),
      review_concentration: () => reviewConcentration(reviewDays, period),
      out_of_hours_commit_rate: () => outOfHoursCommitRate(commitDays, period),
      on_call_load: () => onCallLoad(incidents, period, squadCount),
      pattern_citation_rate: () => patternCitationRate(citingPrs, period),
      retired_pattern_citations: () => retiredPatternCitations(citingPrs, period),
      pattern_library_freshness: () => freshness!,
      drift_recovery_time: () => driftRecoveryTime(episodes, period, periodEnd),
      drift_episodes: () => driftEpisodes(episodes, unitDays, period, periodEnd),
      drift_caught_early_rate: () => driftCaughtEarlyRate(episodes, period, rules.driftEarlyMinutes * 60),
      drift_expensive_rate: () => driftExpensiveRate(episodes, period, rules.driftExpensiveMinutes * 60),
    };
    const values: Partial<Record<MetricKey, MetricValue>> = {};
    for (const key of keys) values[key] = compute[key]!();
    return values;
  }

  /** `pattern_library_freshness` of a period (library-wide: the library has no scope). */
  async freshness(period: Period, rules: MetricRules, now = new Date()): Promise<MetricValue> {
    const starts = buckets(period);
    const [changes, instants] = await Promise.all([
      this.repository.libraryChanges(),
      this.repository.instants([period.to, ...starts.slice(1), period.to], period.timeZone),
    ]);
    return patternLibraryFreshness(
      changes,
      { periodEnd: instants[0]!, bucketEnds: starts.map((start, i) => ({ start, end: instants[i + 1]! })) },
      now.toISOString(),
      rules.libraryIncrementDays,
    );
  }

  async events(key: string, query: MetricsQuery): Promise<MetricEventsResponse> {
    if (!isMetricKey(key)) throw new DomainError('not_found', `unknown metric '${key.slice(0, 64)}'`, { field: 'key' });
    if (!AVAILABLE_METRICS.includes(key)) throw invalidField('key', `metric '${key}' is not computed yet`);
    const limit = query.limit === undefined ? 100 : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw invalidField('limit', `must be an integer between 1 and ${MAX_LIMIT}`);
    const offset = decodeCursor(query.cursor);
    const { period, scope, rules } = await this.context(query);
    const squads = scope.squads;
    let rows: Record<string, unknown>[];
    let total: number | null = null;
    switch (key) {
      case 'deployment_frequency':
        rows = (await this.repository.deployments(squads, period)).map((d) => ({ deployment: deploymentView(d), rule: 'successful-production-deployment' }));
        break;
      case 'change_failure_rate':
        rows = (await this.repository.deployments(squads, period)).map((d) => ({
          deployment: deploymentView(d),
          failed: d.failed,
          rule: d.failed ? d.failureRules!.join('+') : 'not-failed',
          incidents: (d.detail?.incidents as string[] | undefined) ?? [],
          rolledBackBy: d.detail?.rolledBackBy ?? null,
        }));
        break;
      case 'deployment_rework_rate':
        rows = (await this.repository.deployments(squads, period)).map((d) => ({
          deployment: deploymentView(d),
          rework: d.rework,
          rule: d.rework ? d.reworkRules!.join('+') : 'planned',
          detail: d.detail,
        }));
        break;
      case 'failed_deployment_recovery_time':
        rows = (await this.repository.recoveries(squads, period)).map((d: RecoveryRow) => ({
          deployment: deploymentView(d),
          failureRules: d.failureRules,
          failureStartedAt: d.failureStartedAt,
          recoveredAt: d.recoveredAt,
          durationS: (Date.parse(d.recoveredAt!) - Date.parse(d.failureStartedAt!)) / 1000,
          rule: d.recoveryRule,
          detail: d.detail,
        }));
        break;
      case 'lead_time_for_changes':
        rows = (await this.repository.changes(squads, period)).map((c: ChangeRow) => ({
          change: { repo: c.repo, key: c.changeKey, pr: c.prNumber, author: c.author, agent: c.agent },
          deploymentId: c.deploymentId,
          startedAt: c.startedAt,
          openedAt: c.openedAt,
          firstReviewAt: c.firstReviewAt,
          mergedAt: c.mergedAt,
          deployedAt: c.deployedAt,
          leadTimeS: c.leadTimeS,
          stages: { codingS: c.codingS, pickupS: c.pickupS, reviewS: c.reviewS, deployS: c.deployS },
          rule: c.rule,
        }));
        break;
      case 'time_to_restore':
        rows = (await this.repository.incidents(squads, period, rules.workingHours))
          .filter((i) => i.resolvedLocalDate && i.resolvedLocalDate >= period.from && i.resolvedLocalDate < period.to)
          .map((i) => ({ incident: incidentView(i), durationS: (Date.parse(i.resolvedAt!) - Date.parse(i.openedAt)) / 1000, attributedTo: i.deploymentId, rule: i.rule }));
        break;
      case 'incident_count':
      case 'on_call_load':
        rows = (await this.repository.incidents(squads, period, rules.workingHours))
          .filter((i) => i.openedLocalDate >= period.from && i.openedLocalDate < period.to)
          .map((i: IncidentRow) => ({
            incident: incidentView(i),
            attributedTo: i.deploymentId,
            rule: key === 'on_call_load' ? (i.openedOutOfHours ? 'opened-out-of-hours' : 'opened-in-hours') : i.rule,
            attributionRule: i.rule,
            detail: i.detail,
          }));
        break;
      case 'review_pickup_time':
        rows = (await this.repository.pullRequests(squads, period)).map((p: PrRow) => ({
          pullRequest: { repo: p.repo, number: p.number, author: p.author, agent: p.agent, bot: p.bot, createdAt: p.createdAt },
          firstReviewAt: p.firstReviewAt,
          firstReviewer: p.firstReviewer,
          pickupS: p.firstReviewAt ? (Date.parse(p.firstReviewAt) - Date.parse(p.createdAt)) / 1000 : null,
          rule: p.bot ? 'excluded-bot-pr' : p.firstReviewAt ? 'first-non-author-non-bot-review' : 'excluded-no-review',
        }));
        break;
      case 'review_concentration': {
        const byReviewer = new Map<string, { reviewer: string; reviews: number; practiceLead: boolean }>();
        for (const r of await this.repository.reviewDays(squads, period)) {
          const e = byReviewer.get(r.reviewer) ?? { reviewer: r.reviewer, reviews: 0, practiceLead: r.practiceLead };
          e.reviews += r.n;
          byReviewer.set(r.reviewer, e);
        }
        const sum = [...byReviewer.values()].reduce((s, e) => s + e.reviews, 0);
        rows = [...byReviewer.values()]
          .sort((a, b) => b.reviews - a.reviews || (a.reviewer < b.reviewer ? -1 : 1))
          .map((e) => ({ ...e, share: e.reviews / sum, rule: 'counted-review (no self-reviews, no bots)' }));
        break;
      }
      case 'pattern_citation_rate':
        rows = (await this.repository.citingPrs(squads, period)).map((p) => ({
          pullRequest: pullRequestView(p),
          citations: p.citations,
          rule: citationRule(p),
        }));
        break;
      case 'retired_pattern_citations': {
        const library = new Map((await this.repository.patterns()).map((x) => [x.key, x]));
        rows = (await this.repository.citingPrs(squads, period)).flatMap((p) =>
          p.citations
            .filter((c) => c.kind === 'retired')
            .map((c) => {
              const pattern = library.get(c.key);
              return {
                pullRequest: pullRequestView(p),
                pattern: c.key,
                via: c.via,
                retiredAt: pattern?.retiredAt ?? null,
                replacedBy: pattern?.replacedBy ?? null,
                migrationNote: pattern?.migrationNote ?? null,
                rule: 'cites-retired-pattern',
              };
            }),
        );
        break;
      }
      case 'pattern_library_freshness': {
        // the library's changes up to the measuring point, newest first
        const f = await this.freshness(period, rules);
        const until = f.lastChangedAt ? Date.parse(f.lastChangedAt as string) : -Infinity;
        rows = (await this.repository.libraryChanges())
          .filter((c) => Date.parse(c.at) <= until)
          .reverse()
          .map((c) => ({ pattern: c.key, at: c.at, action: c.action, rule: `library-${c.action}` }));
        break;
      }
      case 'drift_recovery_time':
      case 'drift_episodes':
      case 'drift_caught_early_rate':
      case 'drift_expensive_rate': {
        const [all, periodEnd] = await Promise.all([this.drift.episodes(squads, period, true), this.drift.periodEnd(period)]);
        const now = new Date().toISOString();
        const view = (e: DriftEpisodeRow) => ({ episode: toDriftEpisode(e, periodEnd, now), recoveryRule: recoveryRule(e) });
        if (key === 'drift_episodes') {
          rows = all
            .filter((e) => e.startedLocalDate >= period.from && e.startedLocalDate < period.to)
            .map((e) => ({ ...view(e), rule: e.agent ? 'started-in-period:agent' : 'started-in-period:human' }));
        } else {
          const earlyS = rules.driftEarlyMinutes * 60;
          const expensiveS = rules.driftExpensiveMinutes * 60;
          rows = recoveredIn(all, period).map((e) => ({
            ...view(e),
            durationS: e.durationS,
            rule:
              key === 'drift_caught_early_rate'
                ? e.durationS <= earlyS ? 'caught-early' : 'not-caught-early'
                : key === 'drift_expensive_rate'
                  ? e.durationS > expensiveS ? 'expensive' : 'not-expensive'
                  : recoveryRule(e),
          }));
        }
        break;
      }
      case 'out_of_hours_commit_rate': {
        const page = await this.repository.commits(squads, period, offset, limit + 1);
        const pageRows = page.slice(0, limit).map((c) => ({ commit: c, rule: c.outOfHours ? 'outside-working-hours' : 'within-working-hours' }));
        return this.page(key, scope, period, pageRows, page.length > limit ? encodeCursor(offset + limit) : null);
      }
      default:
        throw invalidField('key', `metric '${key}' has no drill-down`);
    }
    total = rows.length;
    const pageRows = rows.slice(offset, offset + limit);
    return this.page(key, scope, period, pageRows, offset + limit < total ? encodeCursor(offset + limit) : null);
  }

  private page(key: MetricKey, scope: ResolvedScope, period: Period, rows: Record<string, unknown>[], nextCursor: string | null): MetricEventsResponse {
    return { metric: key, scope: this.org.describe(scope), from: period.from, to: period.to, rule: RULES[key]!, rows, nextCursor };
  }

  async targets(scopeParam: string | undefined): Promise<{ scope: string; targets: { metric: string; op: string; value: number }[] }> {
    const scope = await this.org.resolve(parseScope(scopeParam));
    const name = this.org.describe(scope);
    return { scope: name, targets: await this.repository.targets(name) };
  }

  async setTarget(scopeParam: string | undefined, metric: string, body: { op?: unknown; value?: unknown }): Promise<{ scope: string; metric: string; op: string; value: number }> {
    const scope = await this.org.resolve(parseScope(scopeParam));
    if (!isMetricKey(metric)) throw new DomainError('not_found', `unknown metric '${metric.slice(0, 64)}'`, { field: 'metric' });
    if (!['<', '<=', '>', '>='].includes(String(body?.op))) throw invalidField('op', "must be one of '<', '<=', '>', '>='");
    if (typeof body.value !== 'number' || !Number.isFinite(body.value)) throw invalidField('value', 'must be a finite number');
    const name = this.org.describe(scope);
    await this.repository.setTarget(name, metric, String(body.op), body.value);
    this.snapshot.invalidate();
    return { scope: name, metric, op: String(body.op), value: body.value };
  }

  async deleteTarget(scopeParam: string | undefined, metric: string): Promise<void> {
    const scope = await this.org.resolve(parseScope(scopeParam));
    const deleted = await this.repository.deleteTarget(this.org.describe(scope), metric);
    this.snapshot.invalidate();
    if (!deleted) throw new DomainError('not_found', `no target for '${metric.slice(0, 64)}'`);
  }
}

function deploymentView(d: DeploymentRow) {
  return {
    id: d.id,
    service: d.service,
    repo: d.repo,
    environment: d.environment,
    sha: d.sha,
    finishedAt: d.finishedAt,
    rollback: d.rollback,
    rollbackRule: d.rollbackRule,
    changesShipped: d.changesShipped,
    shippingRule: d.shippingRule,
  };
}

function pullRequestView(p: CitingPrRow) {
  return { repo: p.repo, number: p.number, title: p.title, author: p.author, agent: p.agent, bot: p.bot, mergedAt: p.mergedAt };
}

function incidentView(i: IncidentRow) {
  return { id: i.id, title: i.title, service: i.service, squad: i.squad, severity: i.severity, openedAt: i.openedAt, resolvedAt: i.resolvedAt };
}

/** The API answer for computed values: each with its target (compared to its value) and tier edges. */
function present(
  keys: MetricKey[],
  values: Partial<Record<MetricKey, MetricValue>>,
  period: Period,
  scopeName: string,
  targets: readonly StoredTarget[],
): MetricsResponse {
  const metrics: Partial<Record<MetricKey, MetricValue>> = {};
  for (const key of keys) {
    const v = values[key]!;
    const t = targets.find((x) => x.metric === key);
    const target: MetricTarget | null = t ? { op: t.op as MetricTarget['op'], value: t.value, met: compare(v.value, t) } : null;
    metrics[key] = { ...v, target, ...(TIER_EDGES[key] ? { tierEdges: TIER_EDGES[key] } : {}) };
  }
  return { scope: scopeName, from: period.from, to: period.to, interval: period.interval, timeZone: period.timeZone, metrics };
}
