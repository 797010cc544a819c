import type { Interval, MetricsBatchResponse, MetricsResponse, ScopeParam } from '@bearing/shared';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { metricKeys, metricsBatchQueryOptions } from '../../api/metrics.queries';
import type { LoadStatus } from '../../lib/status';
import { previousPeriod, type Period } from './delta';
import type { ScopeMetricsResult } from './useScopeMetrics';

/**
 * Every metric of many scopes (the Director view's table) for the period and for the previous
 * period of equal length: one `POST /metrics/batch` per period instead of one `GET /metrics`
 * per scope and period, so the table costs two HTTP requests, whatever the number of squads,
 * and the page's charts (their own `GET /metrics`) are not queued behind it in the browser's
 * six connections. The previous period is asked for once this period has answered.
 *
 * Each answer is also put in the query cache under its scope's own key (`metricKeys.values`),
 * so opening a squad or group from the table starts from the numbers already loaded.
 */
export function useBatchScopeMetrics(
  scopes: readonly ScopeParam[],
  query: Period & { interval: Interval },
  enabled = true,
): ScopeMetricsResult {
  const { from, to, interval } = query;
  const previous = useMemo(() => previousPeriod({ from, to }), [from, to]);
  const on = enabled && scopes.length > 0;
  const current = useQuery({ ...metricsBatchQueryOptions({ scopes, from, to, interval }), enabled: on });
  const before = useQuery({
    ...metricsBatchQueryOptions({ scopes, from: previous.from, to: previous.to, interval }),
    enabled: on && !current.isPending,
  });

  const queryClient = useQueryClient();
  useEffect(() => seedScopes(queryClient, current.data, interval), [queryClient, current.data, interval]);
  useEffect(() => seedScopes(queryClient, before.data, interval), [queryClient, before.data, interval]);

  const statusOf = (result: typeof current): LoadStatus =>
    result.isError ? 'error' : !on || result.isPending ? 'pending' : 'success';
  const currentBy = byScopeOf(current.data);
  const beforeBy = byScopeOf(before.data);
  const byScope = new Map(
    scopes.map((scope) => [
      scope,
      { current: currentBy.get(scope), previous: beforeBy.get(scope), previousKnown: before.isSuccess },
    ]),
  );
  return {
    status: statusOf(current),
    previousStatus: statusOf(before),
    byScope,
    error: current.error,
    previousError: before.error,
    retry: () => void current.refetch(),
    retryPrevious: () => void before.refetch(),
    previous,
  };
}

function byScopeOf(data: MetricsBatchResponse | undefined): Map<ScopeParam, MetricsResponse> {
  return new Map((data?.results ?? []).map((r) => [r.scope, r]));
}

/**
 * Puts each scope's answer where a single-scope query of all metrics would look for it
 * (`metricsQueryOptions`), without replacing an answer already there.
 */
export function seedScopes(queryClient: QueryClient, data: MetricsBatchResponse | undefined, interval: Interval): void {
  if (!data) return;
  for (const r of data.results) {
    const key = metricKeys.values({ scope: r.scope, from: r.from, to: r.to, interval });
    if (queryClient.getQueryData(key) === undefined) queryClient.setQueryData(key, r);
  }
}
