import type { SourceInput, SourceView, SyncRunView, SyncRunsResponse } from '@bearing/shared';
import { apiGet, apiRequest } from './http';

/** `GET /api/v1/sources` (admin) */
export function fetchSources(signal?: AbortSignal): Promise<{ sources: SourceView[] }> {
  // the list's envelope is not fixed in the contract yet: a bare array, `{sources}` or `{rows}`
  return apiGet<SourceView[] | { sources?: SourceView[]; rows?: SourceView[] }>('/api/v1/sources', { signal }).then(
    (body) => ({ sources: Array.isArray(body) ? body : (body.sources ?? body.rows ?? []) }),
  );
}

/** `POST /api/v1/sources` (admin) */
export function createSource(body: SourceInput): Promise<SourceView> {
  return apiRequest('/api/v1/sources', { method: 'POST', body });
}

/** `PATCH /api/v1/sources/:id` (admin): partial; secrets are write-only, "" clears one. */
export function updateSource(id: string, body: Partial<SourceInput>): Promise<SourceView> {
  return apiRequest(`/api/v1/sources/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}

/** `POST /api/v1/sources/:id/sync` (admin): starts a manual run. */
export function syncSourceNow(id: string): Promise<SyncRunView | undefined> {
  return apiRequest(`/api/v1/sources/${encodeURIComponent(id)}/sync`, { method: 'POST' });
}

export interface SyncRunsQuery {
  sourceId?: string;
  limit?: number;
}

/** `GET /api/v1/sync-runs` (admin): newest first, paged with `nextCursor`. */
export function fetchSyncRuns(query: SyncRunsQuery, cursor: string | null, signal?: AbortSignal): Promise<SyncRunsResponse> {
  return apiGet<SyncRunsResponse>('/api/v1/sync-runs', {
    params: { source: query.sourceId, limit: query.limit, cursor },
    signal,
  });
}
