import type { MetricKey, MetricValue } from '@bearing/shared';
import { formatDuration, formatNumber, formatPercent } from '../../lib/format';

/** Which way is good: more deployments, but shorter durations and lower rates. */
export type Better = 'higher' | 'lower';

/** How a metric's headline number is read and shown. */
export type DisplayUnit = 'seconds' | 'ratio' | 'perWeek' | 'count';

export interface MetricDef {
  key: MetricKey;
  label: string;
  /** for table headers and compact cards */
  shortLabel: string;
  /** what the number is: "median", "per week", "share of deployments" */
  statistic: string;
  /** the unit of the shown number (deployment frequency shows deployments per week) */
  unit: DisplayUnit;
  /** the unit of the API's `value`, which targets compare against */
  valueUnit: 'seconds' | 'ratio' | 'count';
  better: Better;
  /** changes smaller than this count as "no change" */
  sameWithin: number;
  /** the number shown and compared between periods */
  read: (metric: MetricValue) => number | null;
  /** one line, for captions and the drill-down header */
  definition: string;
  /** what the drill-down lists */
  eventsNoun: string;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

const readValue = (metric: MetricValue) => numberOrNull(metric.value);

export const METRIC_DEFS = {
  deployment_frequency: {
    key: 'deployment_frequency',
    label: 'Deployment frequency',
    shortLabel: 'Deployments',
    statistic: 'successful production deployments per week',
    unit: 'perWeek',
    valueUnit: 'count',
    better: 'higher',
    sameWithin: 0.05,
    read: (metric) => numberOrNull(metric.perWeek),
    definition:
      'successful production deployments finished in the period, divided by the weeks in it',
    eventsNoun: 'deployments',
  },
  lead_time_for_changes: {
    key: 'lead_time_for_changes',
    label: 'Lead time for changes',
    shortLabel: 'Lead time',
    statistic: 'median',
    unit: 'seconds',
    valueUnit: 'seconds',
    better: 'lower',
    sameWithin: 1,
    read: readValue,
    definition:
      'median time from a change’s start (first commit or PR creation) to the production deployment that shipped it',
    eventsNoun: 'changes',
  },
  change_failure_rate: {
    key: 'change_failure_rate',
    label: 'Change failure rate',
    shortLabel: 'Change failure',
    statistic: 'share of deployments that failed',
    unit: 'ratio',
    valueUnit: 'ratio',
    better: 'lower',
    sameWithin: 0.0005,
    read: readValue,
    definition:
      'failed ÷ successful production deployments (failed: an incident attributed to it, a rollback after it, or marked failed)',
    eventsNoun: 'deployments',
  },
  failed_deployment_recovery_time: {
    key: 'failed_deployment_recovery_time',
    label: 'Failed deployment recovery time',
    shortLabel: 'Failed deploy recovery',
    statistic: 'median',
    unit: 'seconds',
    valueUnit: 'seconds',
    better: 'lower',
    sameWithin: 1,
    read: readValue,
    definition: 'median time from a failed deployment’s failure to its recovery',
    eventsNoun: 'failed deployments',
  },
  deployment_rework_rate: {
    key: 'deployment_rework_rate',
    label: 'Deployment rework rate',
    shortLabel: 'Rework rate',
    statistic: 'share of deployments that were unplanned',
    unit: 'ratio',
    valueUnit: 'ratio',
    better: 'lower',
    sameWithin: 0.0005,
    read: readValue,
    definition:
      'rollbacks, hotfix or incident-linked deployments and deployments during an open incident ÷ all successful production deployments',
    eventsNoun: 'deployments',
  },
  time_to_restore: {
    key: 'time_to_restore',
    label: 'Time to restore',
    shortLabel: 'Time to restore',
    statistic: 'median',
    unit: 'seconds',
    valueUnit: 'seconds',
    better: 'lower',
    sameWithin: 1,
    read: readValue,
    definition: 'median time from an incident opening to its resolution, over all incidents resolved',
    eventsNoun: 'incidents',
  },
  incident_count: {
    key: 'incident_count',
    label: 'Incidents',
    shortLabel: 'Incidents',
    statistic: 'opened in the period',
    unit: 'count',
    valueUnit: 'count',
    better: 'lower',
    sameWithin: 0.5,
    read: readValue,
    definition: 'incidents opened in the period, with the rule that attributed each to a deployment or not',
    eventsNoun: 'incidents',
  },
  review_pickup_time: {
    key: 'review_pickup_time',
    label: 'Review pickup time',
    shortLabel: 'Review pickup',
    statistic: 'median',
    unit: 'seconds',
    valueUnit: 'seconds',
    better: 'lower',
    sameWithin: 1,
    read: readValue,
    definition:
      'median time from a PR opening to its first review by someone other than the author (bots excluded)',
    eventsNoun: 'pull requests',
  },
  out_of_hours_commit_rate: {
    key: 'out_of_hours_commit_rate',
    label: 'Out-of-hours commits',
    shortLabel: 'Out-of-hours commits',
    statistic: 'share of human commits',
    unit: 'ratio',
    valueUnit: 'ratio',
    better: 'lower',
    sameWithin: 0.0005,
    read: readValue,
    definition: 'share of human commits authored outside working hours',
    eventsNoun: 'commits',
  },
  on_call_load: {
    key: 'on_call_load',
    label: 'On-call load',
    shortLabel: 'On-call load',
    statistic: 'incidents per week',
    unit: 'perWeek',
    valueUnit: 'count',
    better: 'lower',
    sameWithin: 0.05,
    read: (metric) => numberOrNull(metric.perWeek) ?? numberOrNull(metric.value),
    definition: 'incidents opened per week, and the share opened outside working hours',
    eventsNoun: 'incidents',
  },
  review_concentration: {
    key: 'review_concentration',
    label: 'Review concentration',
    shortLabel: 'Review concentration',
    statistic: 'share of reviews by the most active reviewer',
    unit: 'ratio',
    valueUnit: 'ratio',
    better: 'lower',
    sameWithin: 0.0005,
    read: readValue,
    definition: 'share of the reviews done by the single most active reviewer',
    eventsNoun: 'reviewers',
  },
  drift_episodes: {
    key: 'drift_episodes',
    label: 'Drift episodes',
    shortLabel: 'Drift episodes',
    statistic: 'episodes started in the period',
    unit: 'count',
    valueUnit: 'count',
    better: 'lower',
    sameWithin: 0.5,
    read: readValue,
    definition:
      'drift episodes (an agent session or PR branch that stopped making progress: repeated CI failures, out-of-scope edits, retired or unknown patterns, unreviewed dependencies, a drift flag) started in the period',
    eventsNoun: 'episodes',
  },
  drift_recovery_time: {
    key: 'drift_recovery_time',
    label: 'Drift recovery time',
    shortLabel: 'Drift recovery',
    statistic: 'median',
    unit: 'seconds',
    valueUnit: 'seconds',
    better: 'lower',
    sameWithin: 60,
    read: readValue,
    definition: 'median time from a drift episode’s first signal to its recovery, over the episodes recovered in the period',
    eventsNoun: 'episodes',
  },
  drift_caught_early_rate: {
    key: 'drift_caught_early_rate',
    label: 'Drift caught early',
    shortLabel: 'Caught ≤ 15 min',
    statistic: 'share of recovered episodes',
    unit: 'ratio',
    valueUnit: 'ratio',
    better: 'higher',
    sameWithin: 0.0005,
    read: readValue,
    definition: 'share of the drift episodes recovered in the period that recovered within 15 minutes',
    eventsNoun: 'episodes',
  },
  drift_expensive_rate: {
    key: 'drift_expensive_rate',
    label: 'Drift over 2 h',
    shortLabel: 'Over 2 h',
    statistic: 'share of recovered episodes',
    unit: 'ratio',
    valueUnit: 'ratio',
    better: 'lower',
    sameWithin: 0.0005,
    read: readValue,
    definition: 'share of the drift episodes recovered in the period that took more than 2 hours',
    eventsNoun: 'episodes',
  },
  pattern_citation_rate: {
    key: 'pattern_citation_rate',
    label: 'Pattern citation rate',
    shortLabel: 'Citation rate',
    statistic: 'share of merged PRs',
    unit: 'ratio',
    valueUnit: 'ratio',
    better: 'higher',
    sameWithin: 0.0005,
    read: readValue,
    definition:
      'merged PRs (bot authors excluded) whose title or description cites a pattern active at merge time, divided by merged PRs',
    eventsNoun: 'merged PRs',
  },
  retired_pattern_citations: {
    key: 'retired_pattern_citations',
    label: 'Retired pattern citations',
    shortLabel: 'Retired citations',
    statistic: 'merged PRs',
    unit: 'count',
    valueUnit: 'count',
    better: 'lower',
    sameWithin: 0.5,
    read: readValue,
    definition: 'merged PRs citing a pattern retired at or before their merge: the migration list',
    eventsNoun: 'citations',
  },
  pattern_library_freshness: {
    key: 'pattern_library_freshness',
    label: 'Pattern library freshness',
    shortLabel: 'Library age',
    statistic: 'time since the last change',
    unit: 'seconds',
    valueUnit: 'seconds',
    better: 'lower',
    sameWithin: 3600,
    read: readValue,
    definition: 'time since the pattern library last changed (an entry added, edited or retired) at the end of the period',
    eventsNoun: 'library changes',
  },
} as const satisfies Partial<Record<MetricKey, MetricDef>>;

export type KnownMetricKey = keyof typeof METRIC_DEFS;

/** The squads table's columns, in order: the DORA keys, rework rate, and the two agent-era headline metrics (as in the monthly review). */
export const HEADLINE_KEYS = [
  'deployment_frequency',
  'lead_time_for_changes',
  'change_failure_rate',
  'failed_deployment_recovery_time',
  'time_to_restore',
  'deployment_rework_rate',
  'drift_recovery_time',
  'pattern_citation_rate',
] as const satisfies readonly KnownMetricKey[];

export type HeadlineKey = (typeof HEADLINE_KEYS)[number];

export function metricDef(key: KnownMetricKey): MetricDef {
  return METRIC_DEFS[key];
}

export function isKnownMetric(key: string): key is KnownMetricKey {
  return Object.prototype.hasOwnProperty.call(METRIC_DEFS, key);
}

/**
 * The shown number: "3 h 20 m", "4.3%", "17.5 / week", "12". `compact` drops the unit where
 * a column header already says it ("17.5").
 */
export function formatMetricValue(
  def: Pick<MetricDef, 'unit'>,
  value: number | null | undefined,
  options: { compact?: boolean } = {},
): string {
  switch (def.unit) {
    case 'seconds':
      return formatDuration(value);
    case 'ratio':
      return formatPercent(value);
    case 'perWeek':
      return value === null || value === undefined || options.compact
        ? formatNumber(value, 1)
        : `${formatNumber(value, 1)} / week`;
    case 'count':
      return formatNumber(value, 0);
  }
}

/** A value in the API's own unit (targets): seconds, ratio, or a count of events. */
export function formatApiValue(def: Pick<MetricDef, 'valueUnit' | 'eventsNoun'>, value: number): string {
  switch (def.valueUnit) {
    case 'seconds':
      return formatDuration(value);
    case 'ratio':
      return formatPercent(value);
    case 'count':
      return `${formatNumber(value, 0)} ${def.eventsNoun} in the period`;
  }
}
