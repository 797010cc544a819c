import type { MetricsResponse, ScopeParam } from '@bearing/shared';
import { readDeploymentFrequency } from './deploymentFrequency';

/** One line of the chart: a squad (or the org/group when it has no squads). */
export interface DeploymentSeries {
  /** the row property holding this series' values: `s0`, `s1`, … */
  id: `s${number}`;
  scope: ScopeParam;
  label: string;
  /** deployments in the whole period (sum of the buckets) */
  total: number;
}

/** One bucket (week or month): its first day and each series' count (null = no bucket). */
export type DeploymentChartRow = { start: string } & { [id: `s${number}`]: number | null };

export interface DeploymentChartData {
  series: DeploymentSeries[];
  rows: DeploymentChartRow[];
  /** deployments across all series and buckets */
  total: number;
}

/**
 * Turns one `MetricsResponse` per scope (each with `deployment_frequency`) into chart rows:
 * one row per bucket start, in date order, with one value per series. A response without
 * the metric is skipped; a bucket missing from one series is null there (a gap, not 0).
 */
export function toDeploymentSeries(
  responses: readonly MetricsResponse[],
  labelFor: (scope: ScopeParam) => string = (scope) => scope,
): DeploymentChartData {
  const series: DeploymentSeries[] = [];
  const byStart = new Map<string, DeploymentChartRow>();
  const columns: Array<{ id: `s${number}`; points: Map<string, number | null> }> = [];

  for (const response of responses) {
    const metric = readDeploymentFrequency(response);
    if (!metric) continue;
    const id = `s${series.length}` as const;
    const points = new Map<string, number | null>();
    let total = 0;
    for (const point of metric.series) {
      const value = typeof point.value === 'number' && Number.isFinite(point.value) ? point.value : null;
      points.set(point.start, value);
      total += value ?? 0;
      if (!byStart.has(point.start)) byStart.set(point.start, { start: point.start });
    }
    series.push({ id, scope: response.scope, label: labelFor(response.scope), total });
    columns.push({ id, points });
  }

  const rows = [...byStart.keys()].sort().map((start) => {
    const row: DeploymentChartRow = { start };
    for (const column of columns) row[column.id] = column.points.get(start) ?? null;
    return row;
  });

  return { series, rows, total: series.reduce((sum, s) => sum + s.total, 0) };
}
