import type { MergePeopleResponse, PeopleResponse } from '@bearing/shared';
import { apiGet, apiRequest } from './http';

export interface PeopleQuery {
  /** substring of a key, name, email or login */
  query?: string;
  limit?: number;
}

/** `GET /api/v1/people?query&limit&cursor` (admin, practice lead, VP): by name, paged. */
export function fetchPeople(q: PeopleQuery, cursor: string | null, signal?: AbortSignal): Promise<PeopleResponse> {
  return apiGet<PeopleResponse>('/api/v1/people', { params: { query: q.query || undefined, limit: q.limit, cursor: cursor ?? undefined }, signal });
}

/** `POST /api/v1/people/:key/merge {"into"}` (admin): `key` goes, `into` keeps its identities and records. */
export function mergePeople(key: string, into: string): Promise<MergePeopleResponse> {
  return apiRequest(`/api/v1/people/${encodeURIComponent(key)}/merge`, { method: 'POST', body: { into } });
}
