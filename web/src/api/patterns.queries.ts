import { queryOptions } from '@tanstack/react-query';
import { fetchPatternHistory, fetchPatterns, type PatternsQuery } from './patterns';

/** `['patterns', scope, from, to]` for the library with citations; `['patterns', 'history', key]`. */
export const patternKeys = {
  all: ['patterns'] as const,
  list: (q: PatternsQuery) => [...patternKeys.all, q.scope, q.from, q.to] as const,
  history: (key: string) => [...patternKeys.all, 'history', key] as const,
};

export function patternsQueryOptions(query: PatternsQuery) {
  return queryOptions({
    queryKey: patternKeys.list(query),
    queryFn: ({ signal }) => fetchPatterns(query, signal),
  });
}

export function patternHistoryQueryOptions(key: string) {
  return queryOptions({
    queryKey: patternKeys.history(key),
    queryFn: ({ signal }) => fetchPatternHistory(key, signal),
  });
}
