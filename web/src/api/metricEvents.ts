import type { MetricEventsResponse, MetricKey } from '@bearing/shared';
import { apiGet } from './http';
import type { MetricPeriodQuery } from './metrics';

export interface MetricEventsQuery extends MetricPeriodQuery {
  metric: MetricKey;
  /** rows per page (the server's default when omitted) */
  limit?: number;
}

/** `GET /api/v1/metrics/<key>/events`: one page of the rows behind a metric's value. */
export function fetchMetricEvents(
  query: MetricEventsQuery,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<MetricEventsResponse> {
  return apiGet<MetricEventsResponse>(
    `/api/v1/metrics/${encodeURIComponent(query.metric)}/events`,
    {
      params: {
        scope: query.scope,
        from: query.from,
        to: query.to,
        interval: query.interval,
        limit: query.limit,
        cursor,
      },
      signal,
    },
  );
}
