import type { FactsStatus } from '@bearing/shared';
import { apiGet } from './http';

/** `GET /api/v1/metrics/status`: whether the derived facts behind every number are current. */
export function fetchFactsStatus(signal?: AbortSignal): Promise<FactsStatus> {
  return apiGet<FactsStatus>('/api/v1/metrics/status', { signal });
}
