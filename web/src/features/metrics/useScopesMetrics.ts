import type { Interval, MetricKey, MetricsResponse, ScopeParam } from '@bearing/shared';
import { useQueries } from '@tanstack/react-query';
import { isNotAvailableYet } from '../../api/availability';
import { metricsQueryOptions } from '../../api/metrics.queries';
import type { LoadStatus } from '../../lib/status';

export interface ScopesMetrics {
  /** 'error' only for real failures; see `unavailable` */
  status: LoadStatus;
  /** the server does not compute (some of) these metrics yet */
  unavailable: boolean;
  byScope: Map<ScopeParam, MetricsResponse | undefined>;
  error: Error | null;
  retry: () => void;
}

/**
 * The given metrics for each scope (one `GET /metrics` per scope). A server that does not
 * compute them yet answers 400 "not computed yet": that is `unavailable`, not an error.
 */
export function useScopesMetrics(
  scopes: readonly ScopeParam[],
  metrics: readonly MetricKey[],
  period: { from: string; to: string; interval: Interval },
  enabled: boolean,
): ScopesMetrics {
  const results = useQueries({
    queries: scopes.map((scope) => ({ ...metricsQueryOptions({ scope, ...period, metrics }), enabled })),
  });
  const failed = results.filter((r) => r.isError);
  const unavailable = failed.length > 0 && failed.every((r) => isNotAvailableYet(r.error));
  const byScope = new Map<ScopeParam, MetricsResponse | undefined>();
  scopes.forEach((scope, index) => byScope.set(scope, results[index]?.data));
  return {
    status: failed.length > 0 ? 'error' : !enabled || results.some((r) => r.isPending) ? 'pending' : 'success',
    unavailable,
    byScope,
    error: failed[0]?.error ?? null,
    retry: () => {
      for (const r of failed) void r.refetch();
    },
  };
}
