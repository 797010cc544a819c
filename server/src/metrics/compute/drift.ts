import type { DriftEpisode, DriftRecovery, DriftSignal, MetricValue } from '@bearing/shared';
import { type Period, bucketStart, buckets } from '../period.js';
import { countMetric, durationMetric, rateMetric, summariseDurations } from './aggregate.js';

/**
 * The drift metrics (metrics.md §Drift), pure: rows in, values out. Episodes are attributed to
 * a period by their recovery (durations, rates) or their start (counts); an episode not
 * recovered by the period's end is open: shown with its age, left out of the duration stats.
 */

export interface DriftEpisodeRow {
  id: string;
  unit: string;
  unitKind: 'session' | 'pull_request';
  repo: string | null;
  prNumber: number | null;
  sessionId: string | null;
  person: string;
  agent: boolean;
  squad: string | null;
  startedAt: string;
  recoveredAt: string | null;
  recovery: DriftRecovery | null;
  recoveryRef: string | null;
  startedLocalDate: string;
  recoveredLocalDate: string | null;
  signals?: DriftSignal[];
}

export interface DriftUnitDayRow {
  localDate: string;
  agent: boolean;
  n: number;
}

const seconds = (from: string, to: string) => Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000);
const inPeriod = (d: string | null, p: Period) => d !== null && d >= p.from && d < p.to;

/** Episodes recovered in the period, with their duration. */
export function recoveredIn(episodes: DriftEpisodeRow[], p: Period): (DriftEpisodeRow & { durationS: number })[] {
  return episodes
    .filter((e) => e.recoveredAt !== null && inPeriod(e.recoveredLocalDate, p))
    .map((e) => ({ ...e, durationS: seconds(e.startedAt, e.recoveredAt!) }));
}

/** Episodes not recovered by the period's end (an instant), started before it. */
export function openAt(episodes: DriftEpisodeRow[], periodEnd: string): DriftEpisodeRow[] {
  const end = Date.parse(periodEnd);
  return episodes.filter((e) => Date.parse(e.startedAt) < end && (e.recoveredAt === null || Date.parse(e.recoveredAt) >= end));
}

/** `drift_recovery_time`: median and p90 of recovered − started over episodes recovered in the period; split agent/human. */
export function driftRecoveryTime(episodes: DriftEpisodeRow[], p: Period, periodEnd: string): MetricValue {
  const rec = recoveredIn(episodes, p);
  const m = durationMetric(rec.map((e) => ({ localDate: e.recoveredLocalDate!, seconds: e.durationS })), p);
  return {
    ...m,
    unit: 'seconds',
    openAtEnd: openAt(episodes, periodEnd).length,
    split: {
      agent: summariseDurations(rec.filter((e) => e.agent).map((e) => e.durationS)),
      human: summariseDurations(rec.filter((e) => !e.agent).map((e) => e.durationS)),
    },
  };
}

const per100 = (episodes: number, units: number) => (units > 0 ? Math.round((episodes / units) * 10000) / 100 : null);

/** `drift_episodes`: episodes started in the period; split agent/human; per 100 work units started in the period. */
export function driftEpisodes(episodes: DriftEpisodeRow[], units: DriftUnitDayRow[], p: Period, periodEnd: string): MetricValue {
  const started = episodes.filter((e) => inPeriod(e.startedLocalDate, p));
  const c = countMetric(started.map((e) => ({ localDate: e.startedLocalDate })), p);
  const unitsIn = units.filter((u) => inPeriod(u.localDate, p));
  const count = (agent: boolean | null) => ({
    episodes: started.filter((e) => agent === null || e.agent === agent).length,
    units: unitsIn.filter((u) => agent === null || u.agent === agent).reduce((s, u) => s + u.n, 0),
  });
  const side = (agent: boolean) => {
    const x = count(agent);
    return { value: x.episodes, sampleSize: x.episodes, units: x.units, per100Units: per100(x.episodes, x.units) };
  };
  const all = count(null);
  const unitsPerBucket = new Map(buckets(p).map((b) => [b, 0]));
  for (const u of unitsIn) {
    const b = bucketStart(u.localDate, p.interval);
    if (unitsPerBucket.has(b)) unitsPerBucket.set(b, unitsPerBucket.get(b)! + u.n);
  }
  const weeks = (Date.parse(`${p.to}T00:00:00Z`) - Date.parse(`${p.from}T00:00:00Z`)) / (7 * 86400_000);
  return {
    ...c,
    unit: 'count',
    units: all.units,
    per100Units: per100(all.episodes, all.units),
    perWeek: weeks > 0 ? Math.round((all.episodes / weeks) * 100) / 100 : null,
    openAtEnd: openAt(episodes, periodEnd).length,
    split: { agent: side(true), human: side(false) },
    series: c.series.map((s) => ({ ...s, per100Units: per100(s.value ?? 0, unitsPerBucket.get(s.start) ?? 0) })),
  };
}

function shareMetric(episodes: DriftEpisodeRow[], p: Period, hit: (durationS: number) => boolean, thresholdS: number): MetricValue {
  const rec = recoveredIn(episodes, p);
  const r = rateMetric(rec.map((e) => ({ localDate: e.recoveredLocalDate!, hit: hit(e.durationS) })), p);
  const side = (agent: boolean) => {
    const xs = rec.filter((e) => e.agent === agent);
    const hits = xs.filter((e) => hit(e.durationS)).length;
    return { value: xs.length ? hits / xs.length : null, sampleSize: xs.length, hits };
  };
  return { value: r.value, unit: 'ratio', sampleSize: r.sampleSize, hits: r.hits, thresholdSeconds: thresholdS, series: r.series, split: { agent: side(true), human: side(false) } };
}

/** `drift_caught_early_rate`: share of episodes recovered in the period whose duration is ≤ the early threshold (15 min). */
export function driftCaughtEarlyRate(episodes: DriftEpisodeRow[], p: Period, earlyS: number): MetricValue {
  return shareMetric(episodes, p, (d) => d <= earlyS, earlyS);
}

/** `drift_expensive_rate`: share of episodes recovered in the period whose duration is > the expensive threshold (2 h). */
export function driftExpensiveRate(episodes: DriftEpisodeRow[], p: Period, expensiveS: number): MetricValue {
  return shareMetric(episodes, p, (d) => d > expensiveS, expensiveS);
}

/**
 * The API view of an episode as of a period's end: recovered before it, or open with its age
 * at min(period end, now) (a recovery after the period's end is not shown).
 */
export function toDriftEpisode(e: DriftEpisodeRow, periodEnd: string, now: string): DriftEpisode {
  const end = Date.parse(periodEnd);
  const recovered = e.recoveredAt !== null && Date.parse(e.recoveredAt) < end;
  const asOf = Math.min(end, Date.parse(now));
  return {
    id: e.id,
    unit: e.unit,
    unitKind: e.unitKind,
    repo: e.repo,
    pullRequest: e.prNumber,
    sessionId: e.sessionId,
    squad: e.squad,
    agent: e.agent,
    startedAt: e.startedAt,
    recoveredAt: recovered ? e.recoveredAt : null,
    recovery: recovered ? e.recovery : null,
    durationSeconds: recovered ? seconds(e.startedAt, e.recoveredAt!) : null,
    ageSeconds: recovered ? null : Math.max(0, (asOf - Date.parse(e.startedAt)) / 1000),
    status: recovered ? 'recovered' : 'open',
    signals: e.signals ?? [],
  };
}

/** The recovery rule of an episode, in words (drill-downs). */
export function recoveryRule(e: Pick<DriftEpisodeRow, 'recovery' | 'recoveryRef'>): string {
  switch (e.recovery) {
    case 'checks_passed':
      return `checks-passed: every check failing in a streak passed again after the last signal (last: ${e.recoveryRef ?? '?'})`;
    case 'session_stopped':
    case 'session_rebriefed':
    case 'session_ended':
      return `${e.recovery.replace('_', '-')}: agent-session event ${e.recoveryRef ?? ''}`.trim();
    case 'label_removed':
      return 'label-removed: the drift label was removed';
    case 'pr_merged':
      return 'pr-merged';
    case 'pr_closed':
      return 'pr-closed';
    default:
      return 'open';
  }
}
