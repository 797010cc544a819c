import type { SquadsResponse } from '@bearing/shared';
import { apiGet } from './http';

/** `GET /api/v1/squads`: the squads visible to the caller, with repositories and services. */
export function fetchSquads(signal?: AbortSignal): Promise<SquadsResponse> {
  return apiGet<SquadsResponse>('/api/v1/squads', { signal });
}
