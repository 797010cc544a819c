import type { ScopeParam } from '@bearing/shared';
import { queryOptions } from '@tanstack/react-query';
import { fetchTargets } from './targets';

/** Invalidate `targetKeys.scope(s)` and `metricKeys.scope(s)` after setting a target. */
export const targetKeys = {
  all: ['targets'] as const,
  scope: (scope: ScopeParam) => [...targetKeys.all, scope] as const,
};

export function targetsQueryOptions(scope: ScopeParam) {
  return queryOptions({
    queryKey: targetKeys.scope(scope),
    queryFn: ({ signal }) => fetchTargets(scope, signal),
  });
}
