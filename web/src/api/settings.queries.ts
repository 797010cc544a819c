import { queryOptions } from '@tanstack/react-query';
import { fetchSettings } from './settings';

export const settingsKeys = {
  all: ['settings'] as const,
  org: () => [...settingsKeys.all, 'org'] as const,
};

export function settingsQueryOptions() {
  return queryOptions({
    queryKey: settingsKeys.org(),
    queryFn: ({ signal }) => fetchSettings(signal),
    staleTime: 10 * 60_000,
  });
}
