import { infiniteQueryOptions } from '@tanstack/react-query';
import { fetchDriftEpisodes, type DriftEpisodesQuery } from './drift';

/** `['drift', scope, from, to, status, limit]`; invalidate `driftKeys.all` after a recompute. */
export const driftKeys = {
  all: ['drift'] as const,
  scope: (scope: string) => [...driftKeys.all, scope] as const,
  episodes: (q: DriftEpisodesQuery) =>
    [...driftKeys.scope(q.scope), q.from, q.to, 'episodes', q.status ?? 'all', q.limit ?? 'default'] as const,
};

/** Cursor pages of drift episodes; a 404 (server without drift yet) is not retried. */
export function driftEpisodesInfiniteQueryOptions(query: DriftEpisodesQuery) {
  return infiniteQueryOptions({
    queryKey: driftKeys.episodes(query),
    queryFn: ({ pageParam, signal }) => fetchDriftEpisodes(query, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
