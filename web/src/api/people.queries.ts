import { infiniteQueryOptions } from '@tanstack/react-query';
import { fetchPeople, type PeopleQuery } from './people';

export const peopleKeys = {
  all: ['people'] as const,
  list: (q: PeopleQuery) => [...peopleKeys.all, 'list', q.query ?? '', q.limit ?? 'default'] as const,
};

export function peopleInfiniteQueryOptions(q: PeopleQuery) {
  return infiniteQueryOptions({
    queryKey: peopleKeys.list(q),
    queryFn: ({ pageParam, signal }) => fetchPeople(q, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
