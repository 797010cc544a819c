import type { DoraTier, MetricKey, MetricTarget, MetricUnit } from '@bearing/shared';

/**
 * The headline metrics of a monthly review, in the order the summary table shows them. A key
 * the metrics engine does not compute yet (not in AVAILABLE_METRICS) is shown "not available"
 * and lights up once it is.
 */
export const HEADLINE_METRICS = [
  'deployment_frequency',
  'lead_time_for_changes',
  'change_failure_rate',
  'failed_deployment_recovery_time',
  'deployment_rework_rate',
  'time_to_restore',
  'drift_recovery_time',
  'pattern_citation_rate',
] as const satisfies readonly MetricKey[];

export type HeadlineMetric = (typeof HEADLINE_METRICS)[number];

/** One metric of one scope in a review: everything comes from `MetricsService`. */
export interface ReviewCell {
  metric: MetricKey;
  /** false when the engine does not compute this metric yet */
  available: boolean;
  unit: MetricUnit;
  value: number | null;
  sampleSize: number;
  tier: DoraTier | null;
  target: MetricTarget | null;
  previous: number | null;
  previousTier: DoraTier | null;
  /** mean of the non-empty monthly values of the three months before the review month */
  threeMonthAvg: number | null;
}

/** A row of the summary: the scope's roll-up first, then its groups and squads. */
export interface ReviewRow {
  scope: string;
  scopeName: string;
  kind: 'org' | 'group' | 'squad';
  cells: ReviewCell[];
}

export interface TrendPoint {
  /** first day of the bucket, YYYY-MM-DD */
  start: string;
  value: number | null;
}

export interface ReviewTrend {
  metric: MetricKey;
  available: boolean;
  unit: MetricUnit;
  points: TrendPoint[];
}

export interface ReviewIncident {
  id: string;
  title: string | null;
  service: string | null;
  squad: string | null;
  severity: string | null;
  openedAt: string;
  resolvedAt: string | null;
  durationS: number | null;
  attributedTo: string | null;
  /** the attribution rule (explicit, heuristic-window, not-change-related) */
  rule: string;
}

export interface ReviewDriftEpisode {
  unit: string;
  squad: string | null;
  startedAt: string | null;
  durationS: number | null;
}

export interface ReviewRetiredCitation {
  repo: string;
  number: number;
  title: string | null;
  pattern: string;
  replacedBy: string | null;
  migrationNote: string | null;
}

/** Everything a review renders (PDF and CSV are pure functions of this). */
export interface ReviewData {
  orgName: string;
  month: string;
  scope: string;
  scopeName: string;
  timeZone: string;
  /** ISO instant */
  generatedAt: string;
  definitionsVersion: string;
  rows: ReviewRow[];
  /** weekly series over the last six months: deployments, lead time, change failure rate */
  trends: ReviewTrend[];
  drift: {
    available: boolean;
    recoveryTime: number | null;
    caughtEarly: number | null;
    recoveryTrend: TrendPoint[];
    longest: ReviewDriftEpisode[];
  };
  patterns: {
    citationRate: number | null;
    citationSample: number;
    retired: ReviewRetiredCitation[];
    freshnessS: number | null;
    freshnessStale: boolean | null;
    lastChangedAt: string | null;
  };
  incidents: { rule: string; rows: ReviewIncident[] };
}
