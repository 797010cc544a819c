import type { GroupsResponse } from '@bearing/shared';
import { apiGet } from './http';

/** `GET /api/v1/groups`: the groups visible to the caller. */
export function fetchGroups(signal?: AbortSignal): Promise<GroupsResponse> {
  return apiGet<GroupsResponse>('/api/v1/groups', { signal });
}
