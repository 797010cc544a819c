import type { Interval, MetricKey, MetricsResponse, ScopeParam } from '@bearing/shared';
import { apiGet } from './http';

/** Scope and period shared by every metric query (`from` inclusive, `to` exclusive). */
export interface MetricPeriodQuery {
  /** `org`, `group:<key>` or `squad:<key>` */
  scope: ScopeParam;
  /** YYYY-MM-DD */
  from: string;
  /** YYYY-MM-DD, exclusive */
  to: string;
  interval: Interval;
}

export interface MetricsQuery extends MetricPeriodQuery {
  /** the metrics to compute; all when omitted */
  metrics?: readonly MetricKey[];
}

/** `GET /api/v1/metrics` */
export function fetchMetrics(query: MetricsQuery, signal?: AbortSignal): Promise<MetricsResponse> {
  return apiGet<MetricsResponse>('/api/v1/metrics', {
    params: {
      scope: query.scope,
      from: query.from,
      to: query.to,
      interval: query.interval,
      metrics: query.metrics?.join(','),
    },
    signal,
  });
}
