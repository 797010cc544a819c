import { queryOptions } from '@tanstack/react-query';
import { fetchSquads } from './squads';

export const squadKeys = {
  all: ['squads'] as const,
  list: () => [...squadKeys.all, 'list'] as const,
};

export function squadsQueryOptions() {
  return queryOptions({
    queryKey: squadKeys.list(),
    queryFn: ({ signal }) => fetchSquads(signal),
    staleTime: 5 * 60_000,
  });
}
