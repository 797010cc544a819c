import { queryOptions } from '@tanstack/react-query';
import { fetchUsers } from './users';

export const userKeys = {
  all: ['users'] as const,
  list: () => [...userKeys.all, 'list'] as const,
};

export function usersQueryOptions() {
  return queryOptions({
    queryKey: userKeys.list(),
    queryFn: ({ signal }) => fetchUsers(signal),
  });
}
