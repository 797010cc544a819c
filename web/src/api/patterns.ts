import type { PatternEntry, PatternHistoryResponse, PatternsResponse, ScopeParam } from '@bearing/shared';
import { apiGet, apiRequest } from './http';

export interface PatternsQuery {
  scope: ScopeParam;
  from: string;
  to: string;
}

/** `GET /api/v1/patterns`: the library with citation counts for a scope and period. */
export function fetchPatterns(query: PatternsQuery, signal?: AbortSignal): Promise<PatternsResponse> {
  return apiGet<PatternsResponse>('/api/v1/patterns', {
    params: { scope: query.scope, from: query.from, to: query.to },
    signal,
  });
}

/** `GET /api/v1/patterns/:key/history` */
export function fetchPatternHistory(key: string, signal?: AbortSignal): Promise<PatternHistoryResponse> {
  return apiGet<PatternHistoryResponse>(`/api/v1/patterns/${encodeURIComponent(key)}/history`, { signal });
}

export interface CreatePatternBody {
  key: string;
  title: string;
  path?: string | null;
  migrationNote?: string | null;
  replacedBy?: string | null;
}

export type EditPatternBody = Partial<Pick<PatternEntry, 'title' | 'path' | 'migrationNote' | 'replacedBy'>>;

export interface RetirePatternBody {
  migrationNote: string;
  replacedBy?: string | null;
}

/** `POST /api/v1/patterns` (practice lead or admin) */
export function createPattern(body: CreatePatternBody): Promise<PatternEntry> {
  return apiRequest('/api/v1/patterns', { method: 'POST', body });
}

/** `PATCH /api/v1/patterns/:key` (practice lead or admin) */
export function editPattern(key: string, body: EditPatternBody): Promise<PatternEntry> {
  return apiRequest(`/api/v1/patterns/${encodeURIComponent(key)}`, { method: 'PATCH', body });
}

/** `POST /api/v1/patterns/:key/retire` (practice lead or admin): the migration note is required. */
export function retirePattern(key: string, body: RetirePatternBody): Promise<PatternEntry> {
  return apiRequest(`/api/v1/patterns/${encodeURIComponent(key)}/retire`, { method: 'POST', body });
}
