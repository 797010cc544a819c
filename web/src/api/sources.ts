import type { SourceInput, SourceView, SyncRunView, SyncRunsResponse } from '@bearing/shared';
import { apiGet, apiRequest } from './http';

/** `GET /api/v1/sources` (admin): every source, a plain array. */
export function fetchSources(signal?: AbortSignal): Promise<SourceView[]> {
  return apiGet<SourceView[]>('/api/v1/sources', { signal });
}

/** `POST /api/v1/sources` (admin) */
export function createSource(body: SourceInput): Promise<SourceView> {
  return apiRequest('/api/v1/sources', { method: 'POST', body });
}

/** `PATCH /api/v1/sources/:id` (admin): partial; secrets are write-only, "" clears one. */
export function updateSource(id: string, body: Partial<SourceInput>): Promise<SourceView> {
  return apiRequest(`/api/v1/sources/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}

/** `POST /api/v1/sources/:id/sync` (admin): starts a manual run in the background (`202 {runId}`). */
export function syncSourceNow(id: string): Promise<{ runId: string }> {
  return apiRequest(`/api/v1/sources/${encodeURIComponent(id)}/sync`, { method: 'POST' });
}

export interface SyncRunsQuery {
  /** one source's runs (`GET /api/v1/sources/:id/runs`); every source's otherwise (`GET /api/v1/sync-runs`) */
  sourceId?: string;
  status?: SyncRunView['status'];
  /** 1..500 */
  limit?: number;
}

/** The run log, newest first, paged with `nextCursor`. */
export function fetchSyncRuns(query: SyncRunsQuery, cursor: string | null, signal?: AbortSignal): Promise<SyncRunsResponse> {
  const path = query.sourceId ? `/api/v1/sources/${encodeURIComponent(query.sourceId)}/runs` : '/api/v1/sync-runs';
  return apiGet<SyncRunsResponse>(path, { params: { status: query.status, limit: query.limit, cursor }, signal });
}
