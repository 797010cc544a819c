import type { MetricKey, MetricsResponse, SeriesPoint } from '@bearing/shared';

export const DEPLOYMENT_FREQUENCY = 'deployment_frequency' satisfies MetricKey;
export const DEPLOYMENT_METRICS: readonly MetricKey[] = [DEPLOYMENT_FREQUENCY];

export interface DeploymentFrequency {
  /** successful production deployments finished in the period */
  count: number | null;
  /** distinct days with at least one such deployment */
  deploymentDays: number | null;
  /** count ÷ weeks in the period */
  perWeek: number | null;
  series: SeriesPoint[];
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The deployment_frequency value and its extras, or null when the response lacks it. */
export function readDeploymentFrequency(response: MetricsResponse): DeploymentFrequency | null {
  const metric = response.metrics[DEPLOYMENT_FREQUENCY];
  if (!metric) return null;
  return {
    count: numberOrNull(metric.value),
    deploymentDays: numberOrNull(metric.deploymentDays),
    perWeek: numberOrNull(metric.perWeek),
    series: Array.isArray(metric.series) ? metric.series : [],
  };
}
