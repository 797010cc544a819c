import { queryOptions } from '@tanstack/react-query';
import { fetchReports } from './reports';

/** Everything about reviews starts with `['reports']`; invalidate it after generating one. */
export const reportKeys = {
  all: ['reports'] as const,
  list: () => [...reportKeys.all, 'list'] as const,
};

export function reportsQueryOptions() {
  return queryOptions({
    queryKey: reportKeys.list(),
    queryFn: ({ signal }) => fetchReports(signal),
  });
}
