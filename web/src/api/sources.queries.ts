import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { fetchSources, fetchSyncRuns, type SyncRunsQuery } from './sources';

export const sourceKeys = {
  all: ['sources'] as const,
  list: () => [...sourceKeys.all, 'list'] as const,
  runs: (q: SyncRunsQuery) => [...sourceKeys.all, 'runs', q.sourceId ?? 'all', q.status ?? 'any', q.limit ?? 'default'] as const,
};

export function sourcesQueryOptions() {
  return queryOptions({
    queryKey: sourceKeys.list(),
    queryFn: ({ signal }) => fetchSources(signal),
  });
}

export function syncRunsInfiniteQueryOptions(query: SyncRunsQuery) {
  return infiniteQueryOptions({
    queryKey: sourceKeys.runs(query),
    queryFn: ({ pageParam, signal }) => fetchSyncRuns(query, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
