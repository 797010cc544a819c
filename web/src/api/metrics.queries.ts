import type { MetricKey } from '@bearing/shared';
import { queryOptions } from '@tanstack/react-query';
import { fetchMetrics, fetchMetricsBatch, type MetricPeriodQuery, type MetricsBatchQuery, type MetricsQuery } from './metrics';

/**
 * Hierarchical keys: everything about metrics starts with `['metrics']`, then scope, then
 * period. Invalidate `metricKeys.all` after an import; `metricKeys.scope(s)` for one scope.
 * Drill-down events (`metricEvents.queries.ts`) nest under the same scope and period.
 */
export const metricKeys = {
  all: ['metrics'] as const,
  scope: (scope: string) => [...metricKeys.all, scope] as const,
  period: (q: MetricPeriodQuery) =>
    [...metricKeys.scope(q.scope), q.from, q.to, q.interval] as const,
  values: (q: MetricsQuery) => [...metricKeys.period(q), metricSelection(q.metrics)] as const,
  /** every batch (several scopes in one request); under `all`, so invalidating `all` covers them */
  batches: ['metrics', 'batch'] as const,
  batch: (q: MetricsBatchQuery) =>
    [...metricKeys.batches, q.from, q.to, q.interval, metricSelection(q.metrics), q.scopes] as const,
};

/** Sorted, so `['a','b']` and `['b','a']` share a cache entry; `'all'` when omitted. */
function metricSelection(metrics: readonly MetricKey[] | undefined): readonly MetricKey[] | 'all' {
  return metrics && metrics.length > 0 ? [...metrics].sort() : 'all';
}

export function metricsQueryOptions(query: MetricsQuery) {
  return queryOptions({
    queryKey: metricKeys.values(query),
    queryFn: ({ signal }) => fetchMetrics(query, signal),
  });
}

export function metricsBatchQueryOptions(query: MetricsBatchQuery) {
  return queryOptions({
    queryKey: metricKeys.batch(query),
    queryFn: ({ signal }) => fetchMetricsBatch(query, signal),
  });
}
