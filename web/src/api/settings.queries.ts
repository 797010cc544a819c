import { queryOptions } from '@tanstack/react-query';
import { fetchRules, fetchSettings } from './settings';

export const settingsKeys = {
  all: ['settings'] as const,
  org: () => [...settingsKeys.all, 'org'] as const,
  rules: () => [...settingsKeys.all, 'rules'] as const,
};

export function settingsQueryOptions() {
  return queryOptions({
    queryKey: settingsKeys.org(),
    queryFn: ({ signal }) => fetchSettings(signal),
    staleTime: 10 * 60_000,
  });
}

export function rulesQueryOptions() {
  return queryOptions({
    queryKey: settingsKeys.rules(),
    queryFn: ({ signal }) => fetchRules(signal),
    staleTime: 10 * 60_000,
  });
}
