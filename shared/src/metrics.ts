/** Stable metric keys (API, CSV exports, UI) and their units, from the metric definitions. */

export type MetricUnit = 'count' | 'seconds' | 'ratio';

export const METRICS = {
  deployment_frequency: { unit: 'count', label: 'Deployment frequency', family: 'dora' },
  lead_time_for_changes: { unit: 'seconds', label: 'Lead time for changes', family: 'dora' },
  change_failure_rate: { unit: 'ratio', label: 'Change failure rate', family: 'dora' },
  failed_deployment_recovery_time: { unit: 'seconds', label: 'Failed deployment recovery time', family: 'dora' },
  time_to_restore: { unit: 'seconds', label: 'Time to restore', family: 'dora' },
  deployment_rework_rate: { unit: 'ratio', label: 'Deployment rework rate', family: 'dora' },
  incident_count: { unit: 'count', label: 'Incidents', family: 'dora' },
  drift_recovery_time: { unit: 'seconds', label: 'Drift recovery time', family: 'drift' },
  drift_episodes: { unit: 'count', label: 'Drift episodes', family: 'drift' },
  drift_caught_early_rate: { unit: 'ratio', label: 'Drift caught early', family: 'drift' },
  drift_expensive_rate: { unit: 'ratio', label: 'Drift over 2 h', family: 'drift' },
  pattern_citation_rate: { unit: 'ratio', label: 'Pattern citation rate', family: 'patterns' },
  retired_pattern_citations: { unit: 'count', label: 'Retired pattern citations', family: 'patterns' },
  pattern_library_freshness: { unit: 'seconds', label: 'Pattern library freshness', family: 'patterns' },
  review_pickup_time: { unit: 'seconds', label: 'Review pickup time', family: 'health' },
  review_concentration: { unit: 'ratio', label: 'Review concentration', family: 'health' },
  out_of_hours_commit_rate: { unit: 'ratio', label: 'Out-of-hours commits', family: 'health' },
  on_call_load: { unit: 'count', label: 'On-call load', family: 'health' },
} as const satisfies Record<string, { unit: MetricUnit; label: string; family: string }>;

export type MetricKey = keyof typeof METRICS;
export const METRIC_KEYS = Object.keys(METRICS) as MetricKey[];

export function isMetricKey(value: string): value is MetricKey {
  return Object.prototype.hasOwnProperty.call(METRICS, value);
}

export type DoraTier = 'elite' | 'high' | 'medium' | 'low';

/**
 * Version of the metric definitions (`docs/metrics.md`): bump it when a definition changes so
 * stored exports (monthly reviews) say which definitions their numbers follow.
 */
export const METRIC_DEFINITIONS_VERSION = '2026.11';
