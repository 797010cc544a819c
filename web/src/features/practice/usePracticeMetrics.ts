import type { Interval, MetricsResponse, ScopeParam } from '@bearing/shared';
import { useQueries } from '@tanstack/react-query';
import { metricsQueryOptions } from '../../api/metrics.queries';
import type { LoadStatus } from '../../lib/status';
import { PRACTICE_METRICS } from './reviewConcentration';

export interface PracticeMetrics {
  status: LoadStatus;
  byScope: Map<ScopeParam, MetricsResponse | undefined>;
  error: Error | null;
  retry: () => void;
}

/**
 * Review concentration, review pickup and lead time for each scope (one `GET /metrics` per
 * scope with just these three metrics). Put the total scope (`org`) in the list: its row is
 * its own answer, never an average of the squads.
 */
export function usePracticeMetrics(
  scopes: readonly ScopeParam[],
  period: { from: string; to: string; interval: Interval },
  enabled: boolean,
): PracticeMetrics {
  const results = useQueries({
    queries: scopes.map((scope) => ({
      ...metricsQueryOptions({ scope, ...period, metrics: PRACTICE_METRICS }),
      enabled,
    })),
  });
  const failed = results.filter((r) => r.isError);
  const byScope = new Map<ScopeParam, MetricsResponse | undefined>();
  scopes.forEach((scope, index) => byScope.set(scope, results[index]?.data));
  return {
    status: failed.length > 0 ? 'error' : !enabled || results.some((r) => r.isPending) ? 'pending' : 'success',
    byScope,
    error: failed[0]?.error ?? null,
    retry: () => {
      for (const r of failed) void r.refetch();
    },
  };
}
