import type { DriftEpisodesResponse, ScopeParam } from '@bearing/shared';
import { apiGet } from './http';

export type DriftEpisodeStatus = 'open' | 'recovered' | 'all';

export interface DriftEpisodesQuery {
  scope: ScopeParam;
  /** YYYY-MM-DD */
  from: string;
  /** YYYY-MM-DD, exclusive */
  to: string;
  status?: DriftEpisodeStatus;
  limit?: number;
}

/** `GET /api/v1/drift/episodes`: one page of drift episodes of a scope and period. */
export function fetchDriftEpisodes(
  query: DriftEpisodesQuery,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<DriftEpisodesResponse> {
  return apiGet<DriftEpisodesResponse>('/api/v1/drift/episodes', {
    params: {
      scope: query.scope,
      from: query.from,
      to: query.to,
      status: query.status ?? 'all',
      limit: query.limit,
      cursor,
    },
    signal,
  });
}
