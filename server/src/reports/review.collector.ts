import { Injectable } from '@nestjs/common';
import { type MetricEventsResponse, type MetricKey, type MetricValue, type MetricsResponse, METRIC_DEFINITIONS_VERSION } from '@bearing/shared';
import { mapBounded } from '../common/map-bounded.js';
import { AVAILABLE_METRICS, MetricsService } from '../metrics/metrics.service.js';
import { OrgService } from '../org/org.service.js';
import { type ScopeRef, formatScope } from '../org/scope.js';
import { metricUnit } from './review.format.js';
import { HEADLINE_METRICS, type ReviewCell, type ReviewData, type ReviewIncident, type ReviewRow, type TrendPoint } from './review.model.js';
import { addMonths, monthStartDate } from './review.month.js';

const TREND_METRICS: MetricKey[] = ['deployment_frequency', 'lead_time_for_changes', 'change_failure_rate'];
const EVENTS_LIMIT = '1000';
const CONCURRENCY = 4;

const available = (k: MetricKey): boolean => AVAILABLE_METRICS.includes(k);

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function mean(values: (number | null)[]): number | null {
  const xs = values.filter((v): v is number => v !== null);
  return xs.length ? xs.reduce((s, v) => s + v, 0) / xs.length : null;
}

/**
 * Gathers a review's numbers from the metrics engine (`MetricsService`): per scope row, the month,
 * the previous month and the three months before, as four one-month answers from one load of
 * the scope's facts (`metricsPerBucket`); six months of weekly series for the charts;
 * and the drill-downs for incidents, retired-pattern citations and drift episodes. Nothing here
 * computes a metric: it only reads the engine's answers.
 */
@Injectable()
export class ReviewCollector {
  constructor(
    private readonly metrics: MetricsService,
    private readonly org: OrgService,
  ) {}

  /** The display name of a scope: the org's, the group's or the squad's name. */
  async scopeName(ref: ScopeRef): Promise<string> {
    if (ref.kind === 'org') return (await this.org.settings()).name;
    if (ref.kind === 'group') return (await this.org.groups()).groups.find((g) => g.key === ref.key)?.name ?? ref.key;
    return (await this.org.squads([ref.key])).squads[0]?.name ?? ref.key;
  }

  /** The scope itself, then (org) every group and squad, or (group) its subgroups and squads. */
  private async rowScopes(ref: ScopeRef): Promise<{ scope: string; scopeName: string; kind: ReviewRow['kind'] }[]> {
    const settings = await this.org.settings();
    const [{ groups }, { squads }] = await Promise.all([this.org.groups(), this.org.squads()]);
    const squadName = new Map(squads.map((s) => [s.key, s.name]));
    if (ref.kind === 'squad') return [{ scope: formatScope(ref), scopeName: squadName.get(ref.key) ?? ref.key, kind: 'squad' }];
    if (ref.kind === 'org') {
      return [
        { scope: 'org', scopeName: settings.name, kind: 'org' },
        ...groups.map((g) => ({ scope: `group:${g.key}`, scopeName: g.name, kind: 'group' as const })),
        ...squads.map((s) => ({ scope: `squad:${s.key}`, scopeName: s.name, kind: 'squad' as const })),
      ];
    }
    const resolved = await this.org.resolve(ref);
    const group = groups.find((g) => g.key === ref.key);
    const below = groups.filter((g) => {
      for (let p = g.parent; p; p = groups.find((x) => x.key === p)?.parent ?? null) if (p === ref.key) return true;
      return false;
    });
    return [
      { scope: formatScope(ref), scopeName: group?.name ?? ref.key, kind: 'group' },
      ...below.map((g) => ({ scope: `group:${g.key}`, scopeName: g.name, kind: 'group' as const })),
      ...(resolved.squads ?? []).map((k) => ({ scope: `squad:${k}`, scopeName: squadName.get(k) ?? k, kind: 'squad' as const })),
    ];
  }

  private query(scope: string, from: string, to: string, interval: 'week' | 'month', keys: MetricKey[]): Promise<MetricsResponse> {
    return this.metrics.metrics({ scope, from, to, interval, metrics: keys.join(',') });
  }

  private async events(key: MetricKey, scope: string, from: string, to: string): Promise<MetricEventsResponse | null> {
    if (!available(key)) return null;
    try {
      return await this.metrics.events(key, { scope, from, to, limit: EVENTS_LIMIT });
    } catch {
      return null; // a metric without a drill-down (yet): the section says so
    }
  }

  async collect(month: string, ref: ScopeRef, generatedAt: Date): Promise<ReviewData> {
    const settings = await this.org.settings();
    const from = monthStartDate(month);
    const to = monthStartDate(addMonths(month, 1));
    const prevFrom = monthStartDate(addMonths(month, -1));
    const avgFrom = monthStartDate(addMonths(month, -3));
    const trendFrom = monthStartDate(addMonths(month, -5));
    const keys = HEADLINE_METRICS.filter(available);
    const scopes = await this.rowScopes(ref);
    const scope = scopes[0]!.scope;

    const rows = await mapBounded(scopes, CONCURRENCY, async (s): Promise<ReviewRow> => {
      if (keys.length === 0) return { ...s, cells: HEADLINE_METRICS.map((m) => unavailableCell(m)) };
      // one load of the scope's fact rows for [month-3, month+1); each month computed as if asked alone
      const months = await this.metrics.metricsPerBucket({ scope: s.scope, from: avgFrom, to, interval: 'month', metrics: keys.join(',') });
      const at = (start: string): MetricsResponse => months.find((x) => x.from === start)!;
      const now = at(from);
      const prev = at(prevFrom);
      const before = [avgFrom, monthStartDate(addMonths(month, -2)), prevFrom].map(at);
      return {
        ...s,
        cells: HEADLINE_METRICS.map((m): ReviewCell => {
          const v = now.metrics[m];
          if (!available(m) || !v) return unavailableCell(m);
          const p = prev.metrics[m];
          return {
            metric: m,
            available: true,
            unit: v.unit,
            value: v.value,
            sampleSize: v.sampleSize,
            tier: v.tier ?? null,
            target: v.target ?? null,
            previous: p?.value ?? null,
            previousTier: p?.tier ?? null,
            threeMonthAvg: mean(before.map((b) => b.metrics[m]?.value ?? null)),
          };
        }),
      };
    });

    const extraKeys = (['pattern_library_freshness', 'drift_caught_early_rate', 'drift_recovery_time', 'pattern_citation_rate'] as MetricKey[]).filter(available);
    const trendKeys = [...TREND_METRICS, 'drift_recovery_time' as MetricKey].filter(available);
    const [extra, weekly, incidents, restores, retired, drift] = await Promise.all([
      extraKeys.length ? this.query(scope, from, to, 'month', extraKeys) : null,
      trendKeys.length ? this.query(scope, trendFrom, to, 'week', trendKeys) : null,
      this.events('incident_count', scope, from, to),
      this.events('time_to_restore', scope, from, to),
      this.events('retired_pattern_citations', scope, from, to),
      this.events('drift_recovery_time', scope, from, to),
    ]);
    const series = (m: MetricKey): TrendPoint[] => (weekly?.metrics[m]?.series ?? []).map((p) => ({ start: p.start, value: p.value }));
    const x = (m: MetricKey): MetricValue | undefined => extra?.metrics[m];

    return {
      orgName: settings.name,
      month,
      scope,
      scopeName: scopes[0]!.scopeName,
      timeZone: settings.timeZone,
      generatedAt: generatedAt.toISOString(),
      definitionsVersion: METRIC_DEFINITIONS_VERSION,
      rows,
      trends: TREND_METRICS.map((m) => ({ metric: m, available: available(m), unit: metricUnit(m), points: series(m) })),
      drift: {
        available: available('drift_recovery_time'),
        recoveryTime: x('drift_recovery_time')?.value ?? null,
        caughtEarly: x('drift_caught_early_rate')?.value ?? null,
        recoveryTrend: series('drift_recovery_time'),
        longest: driftEpisodes(drift),
      },
      patterns: {
        citationRate: x('pattern_citation_rate')?.value ?? null,
        citationSample: x('pattern_citation_rate')?.sampleSize ?? 0,
        retired: (retired?.rows ?? []).map((r) => {
          const pr = (r.pullRequest ?? {}) as Record<string, unknown>;
          return { repo: str(pr.repo) ?? '', number: num(pr.number) ?? 0, title: str(pr.title), pattern: str(r.pattern) ?? '', replacedBy: str(r.replacedBy), migrationNote: str(r.migrationNote) };
        }),
        freshnessS: x('pattern_library_freshness')?.value ?? null,
        freshnessStale: (x('pattern_library_freshness')?.stale as boolean | null | undefined) ?? null,
        lastChangedAt: str(x('pattern_library_freshness')?.lastChangedAt),
      },
      incidents: { rule: incidents?.rule ?? 'no incident data', rows: incidentRows(incidents, restores) },
    };
  }
}

function unavailableCell(metric: MetricKey): ReviewCell {
  return { metric, available: false, unit: metricUnit(metric), value: null, sampleSize: 0, tier: null, target: null, previous: null, previousTier: null, threeMonthAvg: null };
}

/** Incidents opened in the month (with their attribution rule) and how long each took to restore. */
function incidentRows(opened: MetricEventsResponse | null, restored: MetricEventsResponse | null): ReviewIncident[] {
  const durations = new Map<string, number>();
  for (const r of restored?.rows ?? []) {
    const id = str((r.incident as Record<string, unknown> | undefined)?.id);
    const d = num(r.durationS);
    if (id && d !== null) durations.set(id, d);
  }
  return (opened?.rows ?? [])
    .map((r) => {
      const i = (r.incident ?? {}) as Record<string, unknown>;
      const id = str(i.id) ?? '';
      const openedAt = str(i.openedAt) ?? '';
      const resolvedAt = str(i.resolvedAt);
      return {
        id,
        title: str(i.title),
        service: str(i.service),
        squad: str(i.squad),
        severity: str(i.severity),
        openedAt,
        resolvedAt,
        durationS: durations.get(id) ?? (resolvedAt ? (Date.parse(resolvedAt) - Date.parse(openedAt)) / 1000 : null),
        attributedTo: str(r.attributedTo),
        rule: str(r.attributionRule) ?? str(r.rule) ?? '',
      };
    })
    .sort((a, b) => (a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : 0));
}

/** The five longest drift episodes from the drill-down, whatever its exact row shape. */
function driftEpisodes(events: MetricEventsResponse | null) {
  return (events?.rows ?? [])
    .map((r) => {
      const e = ((r.episode as Record<string, unknown> | undefined) ?? r) as Record<string, unknown>;
      return {
        unit: str(e.unit) ?? str(e.id) ?? '',
        squad: str(e.squad),
        startedAt: str(e.startedAt),
        durationS: num(r.durationS) ?? num(e.durationSeconds) ?? num(e.durationS),
      };
    })
    .sort((a, b) => (b.durationS ?? -1) - (a.durationS ?? -1))
    .slice(0, 5);
}
