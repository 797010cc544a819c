import { queryOptions } from '@tanstack/react-query';
import { fetchFactsStatus } from './factsStatus';

export const factsStatusKeys = { all: ['facts-status'] as const };

/** Every 5 s while a rebuild runs (a large import's), every minute otherwise. */
export const REBUILDING_POLL_MS = 5_000;
export const IDLE_POLL_MS = 60_000;

export function factsStatusQueryOptions() {
  return queryOptions({
    queryKey: factsStatusKeys.all,
    queryFn: ({ signal }) => fetchFactsStatus(signal),
    refetchInterval: (query) => (query.state.data?.rebuilding ? REBUILDING_POLL_MS : IDLE_POLL_MS),
    staleTime: REBUILDING_POLL_MS,
  });
}
