import { QueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/http';

/** Client errors (4xx) are answers, not glitches: retry network errors and 5xx/408/429
 * once, so a failure shows its message and Retry button quickly. */
function shouldRetry(failureCount: number, error: Error): boolean {
  if (isApiError(error) && error.status >= 400 && error.status < 500) {
    return (error.status === 408 || error.status === 429) && failureCount < 1;
  }
  return failureCount < 1;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 60_000,
        retry: shouldRetry,
      },
    },
  });
}
