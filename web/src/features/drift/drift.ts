import type {
  DriftEpisode,
  DriftRecovery,
  DriftSignalKind,
  MetricKey,
  MetricsResponse,
  MetricValue,
  ScopeParam,
  SquadSummary,
} from '@bearing/shared';
import type { CsvColumn } from '../../lib/csv';
import { toTrendData, type TrendData } from '../charts/trendData';

/** The drift metrics, asked for on their own so a server without drift fails only this panel. */
export const DRIFT_METRICS: readonly MetricKey[] = [
  'drift_episodes',
  'drift_recovery_time',
  'drift_caught_early_rate',
  'drift_expensive_rate',
];

/** One row of the drift table: a squad, or the whole scope (its own answer, never averaged). */
export interface DriftRow {
  scope: ScopeParam;
  name: string;
  kind: 'squad' | 'total';
  /** episodes started in the period (`drift_episodes.value`) */
  episodes: number | null;
  /** median and p90 drift recovery time, seconds */
  recoveryMedian: number | null;
  recoveryP90: number | null;
  /** recovered episodes behind the recovery time */
  recovered: number;
  /** share of recovered episodes caught within 15 minutes */
  caughtEarly: number | null;
  /** share of recovered episodes that took over 2 hours */
  expensive: number | null;
}

const finite = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

function metricOf(response: MetricsResponse | undefined, key: MetricKey): MetricValue | undefined {
  return response?.metrics[key];
}

function toDriftRow(scope: ScopeParam, name: string, kind: DriftRow['kind'], response: MetricsResponse | undefined): DriftRow {
  const recovery = metricOf(response, 'drift_recovery_time');
  return {
    scope,
    name,
    kind,
    episodes: finite(metricOf(response, 'drift_episodes')?.value),
    recoveryMedian: finite(recovery?.value),
    recoveryP90: finite(recovery?.p90),
    recovered: finite(recovery?.sampleSize) ?? 0,
    caughtEarly: finite(metricOf(response, 'drift_caught_early_rate')?.value),
    expensive: finite(metricOf(response, 'drift_expensive_rate')?.value),
  };
}

/**
 * Drift per squad (sorted by name) plus the scope's total row from its own response. A squad
 * without an answer reads as unknown (null), never as zero.
 */
export function toDriftRows(
  squads: ReadonlyArray<Pick<SquadSummary, 'key' | 'name'>>,
  byScope: ReadonlyMap<ScopeParam, MetricsResponse | undefined>,
  total: { scope: ScopeParam; name: string } | null,
): { squads: DriftRow[]; total: DriftRow | null } {
  const rows = [...squads]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((s) => toDriftRow(`squad:${s.key}`, s.name, 'squad', byScope.get(`squad:${s.key}`)));
  return { squads: rows, total: total ? toDriftRow(total.scope, total.name, 'total', byScope.get(total.scope)) : null };
}

/** Drift episodes per bucket, one line per squad (squads with no episode at all are left out). */
export function toEpisodeTrend(
  squads: ReadonlyArray<Pick<SquadSummary, 'key' | 'name'>>,
  byScope: ReadonlyMap<ScopeParam, MetricsResponse | undefined>,
): TrendData {
  const inputs = [...squads]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((s) => ({ label: s.name, series: metricOf(byScope.get(`squad:${s.key}`), 'drift_episodes')?.series ?? [] }))
    .filter((input) => input.series.some((p) => (finite(p.value) ?? 0) > 0));
  return toTrendData(inputs);
}

export const SIGNAL_LABELS: Record<DriftSignalKind, string> = {
  repeated_failure: 'Repeated CI failure',
  out_of_scope: 'Out-of-scope edit',
  retired_pattern: 'Cites a retired pattern',
  unknown_pattern: 'Cites an unknown pattern',
  unreviewed_dependency: 'Unreviewed dependency',
  flagged: 'Flagged',
};

export const RECOVERY_LABELS: Record<DriftRecovery, string> = {
  checks_passed: 'checks passed again',
  session_stopped: 'session stopped',
  session_rebriefed: 'session re-briefed',
  session_ended: 'session ended',
  label_removed: 'drift label removed',
  pr_merged: 'PR merged',
  pr_closed: 'PR closed',
};

/** "Repeated CI failure ×2, Out-of-scope edit": each kind once, in first-seen order, with its count. */
export function signalSummary(episode: Pick<DriftEpisode, 'signals'>): string {
  const counts = new Map<DriftSignalKind, number>();
  for (const s of episode.signals) counts.set(s.kind, (counts.get(s.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${SIGNAL_LABELS[kind] ?? kind}${n > 1 ? ` ×${n}` : ''}`).join(', ');
}

/** How an episode ended, in words; open episodes say so. */
export function recoveryText(episode: Pick<DriftEpisode, 'status' | 'recovery'>): string {
  if (episode.status === 'open' || !episode.recovery) return 'still open';
  return RECOVERY_LABELS[episode.recovery] ?? episode.recovery;
}

/** "acme/payments-api#412" or "session 7f3c…" */
export function unitLabel(episode: Pick<DriftEpisode, 'unitKind' | 'repo' | 'pullRequest' | 'sessionId' | 'unit'>): string {
  if (episode.unitKind === 'pull_request' && episode.repo && episode.pullRequest !== null) {
    return `${episode.repo}#${episode.pullRequest}`;
  }
  if (episode.sessionId) return `session ${episode.sessionId}`;
  return episode.unit;
}

/** One row of an episode table, with the squad's name rather than its key. */
export interface EpisodeRow {
  id: string;
  unit: string;
  unitKind: DriftEpisode['unitKind'];
  repo: string | null;
  pullRequest: number | null;
  squad: string;
  agent: boolean;
  startedAt: string;
  status: DriftEpisode['status'];
  /** seconds open (open episodes) or to recover (recovered ones) */
  seconds: number | null;
  signals: string;
  recovery: string;
  /** the first signal's detail: why it started */
  why: string;
}

/**
 * Episodes as table rows: open ones first, oldest (longest open) first; then recovered ones,
 * most recent start first.
 */
export function toEpisodeRows(
  episodes: readonly DriftEpisode[],
  squadName: (key: string) => string | undefined,
): EpisodeRow[] {
  const rows = episodes.map((e) => ({
    id: e.id,
    unit: unitLabel(e),
    unitKind: e.unitKind,
    repo: e.repo,
    pullRequest: e.pullRequest,
    squad: e.squad ? (squadName(e.squad) ?? e.squad) : '—',
    agent: e.agent,
    startedAt: e.startedAt,
    status: e.status,
    seconds: e.status === 'open' ? e.ageSeconds : e.durationSeconds,
    signals: signalSummary(e),
    recovery: recoveryText(e),
    why: e.signals[0]?.detail ?? '',
  }));
  return rows.sort((a, b) => {
    if (a.status !== b.status) return a.status === 'open' ? -1 : 1;
    if (a.status === 'open') return (b.seconds ?? 0) - (a.seconds ?? 0) || a.startedAt.localeCompare(b.startedAt);
    return b.startedAt.localeCompare(a.startedAt);
  });
}

export const driftCsvColumns: CsvColumn<DriftRow>[] = [
  { header: 'scope', value: (r) => r.scope },
  { header: 'name', value: (r) => r.name },
  { header: 'drift_episodes', value: (r) => r.episodes },
  { header: 'drift_recovery_median_s', value: (r) => r.recoveryMedian },
  { header: 'drift_recovery_p90_s', value: (r) => r.recoveryP90 },
  { header: 'recovered_episodes', value: (r) => r.recovered },
  { header: 'caught_within_15m_share', value: (r) => r.caughtEarly },
  { header: 'over_2h_share', value: (r) => r.expensive },
];

export const episodeCsvColumns: CsvColumn<EpisodeRow>[] = [
  { header: 'id', value: (r) => r.id },
  { header: 'unit', value: (r) => r.unit },
  { header: 'squad', value: (r) => r.squad },
  { header: 'agent', value: (r) => r.agent },
  { header: 'started_at', value: (r) => r.startedAt },
  { header: 'status', value: (r) => r.status },
  { header: 'seconds', value: (r) => r.seconds },
  { header: 'signals', value: (r) => r.signals },
  { header: 'recovery', value: (r) => r.recovery },
  { header: 'why', value: (r) => r.why },
];
