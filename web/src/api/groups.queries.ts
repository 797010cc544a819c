import { queryOptions } from '@tanstack/react-query';
import { fetchGroups } from './groups';

export const groupKeys = {
  all: ['groups'] as const,
  list: () => [...groupKeys.all, 'list'] as const,
};

export function groupsQueryOptions() {
  return queryOptions({
    queryKey: groupKeys.list(),
    queryFn: ({ signal }) => fetchGroups(signal),
    staleTime: 5 * 60_000,
  });
}
