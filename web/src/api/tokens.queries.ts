import { queryOptions } from '@tanstack/react-query';
import { fetchTokens } from './tokens';

export const tokenKeys = {
  all: ['tokens'] as const,
  list: () => [...tokenKeys.all, 'list'] as const,
};

export function tokensQueryOptions() {
  return queryOptions({
    queryKey: tokenKeys.list(),
    queryFn: ({ signal }) => fetchTokens(signal),
  });
}
