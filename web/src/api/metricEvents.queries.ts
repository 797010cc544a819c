import { infiniteQueryOptions } from '@tanstack/react-query';
import { fetchMetricEvents, type MetricEventsQuery } from './metricEvents';
import { metricKeys } from './metrics.queries';

export const metricEventKeys = {
  /** all drill-downs of one scope and period, under `metricKeys.period` */
  period: (q: Omit<MetricEventsQuery, 'metric'>) => [...metricKeys.period(q), 'events'] as const,
  list: (q: MetricEventsQuery) =>
    [...metricEventKeys.period(q), q.metric, q.limit ?? 'default'] as const,
};

/** Paged with the server's `nextCursor`; use with `useInfiniteQuery`. */
export function metricEventsInfiniteQueryOptions(query: MetricEventsQuery) {
  return infiniteQueryOptions({
    queryKey: metricEventKeys.list(query),
    queryFn: ({ pageParam, signal }) => fetchMetricEvents(query, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });
}
