import type { MetricsResponse, ScopeParam } from '@bearing/shared';
import { useQueries } from '@tanstack/react-query';
import type { MetricPeriodQuery } from '../../api/metrics';
import { metricsQueryOptions } from '../../api/metrics.queries';
import type { LoadStatus } from '../../lib/status';
import { DEPLOYMENT_METRICS } from './deploymentFrequency';

export interface DeploymentFrequencyResult {
  status: LoadStatus;
  /** one response per requested scope, in order; empty until every query has succeeded */
  responses: MetricsResponse[];
  /** the first failure */
  error: Error | null;
  /** refetches the failed queries */
  retry: () => void;
}

/** `deployment_frequency` for several scopes in parallel (one request per scope). */
export function useDeploymentFrequency(
  scopes: readonly ScopeParam[],
  period: Omit<MetricPeriodQuery, 'scope'>,
  enabled = true,
): DeploymentFrequencyResult {
  return useQueries({
    queries: scopes.map((scope) => ({
      ...metricsQueryOptions({ ...period, scope, metrics: DEPLOYMENT_METRICS }),
      enabled,
    })),
    combine: (results) => {
      const failed = results.filter((result) => result.isError);
      const status: LoadStatus =
        failed.length > 0
          ? 'error'
          : !enabled || results.some((result) => result.isPending)
            ? 'pending'
            : 'success';
      return {
        status,
        responses:
          status === 'success' ? results.map((result) => result.data as MetricsResponse) : [],
        error: failed[0]?.error ?? null,
        retry: () => {
          for (const result of failed) void result.refetch();
        },
      };
    },
  });
}
