import type { Interval, MetricsResponse, ScopeParam } from '@bearing/shared';
import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { metricsQueryOptions } from '../../api/metrics.queries';
import type { LoadStatus } from '../../lib/status';
import { previousPeriod, type Period } from './delta';
import type { ScopeMetrics } from './healthTable';

export interface ScopeMetricsResult {
  /** this period, over every scope: pending until all have answered, error if one failed */
  status: LoadStatus;
  /** the previous period: its failures only cost the deltas */
  previousStatus: LoadStatus;
  byScope: Map<ScopeParam, ScopeMetrics>;
  error: Error | null;
  previousError: Error | null;
  retry: () => void;
  retryPrevious: () => void;
  previous: Period;
}

/**
 * Every metric of each scope for the period and for the previous period of equal length:
 * one `GET /metrics` per scope and period, all metrics at once (shared with every other
 * view through the query cache). Requests go out in the order of `scopes`: put the one the
 * page's charts need first.
 */
export function useScopeMetrics(
  scopes: readonly ScopeParam[],
  query: Period & { interval: Interval },
  enabled = true,
): ScopeMetricsResult {
  const { from, to } = query;
  const previous = useMemo(() => previousPeriod({ from, to }), [from, to]);
  const current = useQueries({
    queries: scopes.map((scope) => ({
      ...metricsQueryOptions({ scope, from: query.from, to: query.to, interval: query.interval }),
      enabled,
    })),
  });
  // The previous period only adds the deltas: ask for it once this period has answered, so
  // the numbers (and the charts sharing these requests) are not queued behind it.
  const currentSettled = current.every((r) => !r.isPending);
  const before = useQueries({
    queries: scopes.map((scope) => ({
      ...metricsQueryOptions({ scope, from: previous.from, to: previous.to, interval: query.interval }),
      enabled: enabled && currentSettled,
    })),
  });

  const statusOf = (results: typeof current): LoadStatus =>
    results.some((r) => r.isError)
      ? 'error'
      : !enabled || results.some((r) => r.isPending)
        ? 'pending'
        : 'success';

  const byScope = new Map<ScopeParam, ScopeMetrics>();
  scopes.forEach((scope, index) => {
    byScope.set(scope, {
      current: current[index]?.data as MetricsResponse | undefined,
      previous: before[index]?.data as MetricsResponse | undefined,
      previousKnown: before[index]?.isSuccess ?? false,
    });
  });

  const failedNow = current.filter((r) => r.isError);
  const failedBefore = before.filter((r) => r.isError);
  return {
    status: statusOf(current),
    previousStatus: statusOf(before),
    byScope,
    error: failedNow[0]?.error ?? null,
    previousError: failedBefore[0]?.error ?? null,
    retry: () => {
      for (const r of failedNow) void r.refetch();
    },
    retryPrevious: () => {
      for (const r of failedBefore) void r.refetch();
    },
    previous,
  };
}
