import type { Interval, MetricKey, MetricsBatchResponse, MetricsResponse, ScopeParam } from '@bearing/shared';
import { apiGet, apiRequest } from './http';

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

/** Several scopes, one period (`from` inclusive, `to` exclusive). */
export interface MetricsBatchQuery extends Omit<MetricPeriodQuery, 'scope'> {
  scopes: readonly ScopeParam[];
  /** the metrics to compute; all when omitted */
  metrics?: readonly MetricKey[];
}

/** `POST /api/v1/metrics/batch`: one `MetricsResponse` per scope, in the order of `scopes`. */
export function fetchMetricsBatch(query: MetricsBatchQuery, signal?: AbortSignal): Promise<MetricsBatchResponse> {
  return apiRequest<MetricsBatchResponse>('/api/v1/metrics/batch', {
    method: 'POST',
    body: {
      scopes: query.scopes,
      from: query.from,
      to: query.to,
      interval: query.interval,
      ...(query.metrics && query.metrics.length > 0 ? { metrics: query.metrics } : {}),
    },
    signal,
  });
}
