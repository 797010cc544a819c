import { fetchWithRetry, type RetryOptions } from '../http/retry-fetch.js';
import type { PdCustomFieldValue, PdIncident, PdNote } from './mapper.js';

/**
 * PagerDuty REST API v2 client: I/O only. `Authorization: Token token=<token>`, the v2 Accept
 * header, offset/limit paging with `more`, retries with backoff on 5xx/429/timeouts honouring
 * `Retry-After` (fetchWithRetry).
 */

export type PagerdutyClientOptions = Omit<RetryOptions, 'signal' | 'onRetry'>;

/** A non-retryable answer (4xx) or a body that is not what the API documents. */
export class PagerdutyApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'PagerdutyApiError';
  }
}

const LIMIT = 100;
/** PagerDuty refuses offset + limit beyond 10,000 for classic pagination */
const MAX_OFFSET = 10_000;

export class PagerdutyClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string | undefined,
    private readonly options: PagerdutyClientOptions & { signal?: AbortSignal; onRetry?: RetryOptions['onRetry'] } = {},
  ) {}

  private async get<T>(path: string, params: [string, string][] = []): Promise<T> {
    const url = new URL(this.baseUrl.replace(/\/+$/, '') + path);
    for (const [k, v] of params) url.searchParams.append(k, v);
    const res = await fetchWithRetry(
      url.toString(),
      {
        method: 'GET',
        headers: {
          Accept: 'application/vnd.pagerduty+json;version=2',
          Authorization: `Token token=${this.token ?? ''}`,
          'Content-Type': 'application/json',
        },
      },
      this.options,
    );
    if (!res.ok) {
      const text = await res.text().catch(() => '');
      let message = `HTTP ${res.status}`;
      try {
        const err = (JSON.parse(text) as { error?: { message?: string; errors?: string[] } }).error;
        if (err?.message) message += `: ${err.message}${err.errors?.length ? ` (${err.errors.join('; ')})` : ''}`;
      } catch {
        /* not JSON */
      }
      throw new PagerdutyApiError(`GET ${url.pathname} failed: ${message}`, res.status);
    }
    return (await res.json()) as T;
  }

  /**
   * One page of incidents created in [since, until), oldest first.
   * `more` is PagerDuty's flag for a further page.
   */
  async incidentsPage(
    q: { since: string; until: string; offset: number; serviceIds: string[]; teamIds: string[] },
  ): Promise<{ incidents: PdIncident[]; more: boolean; nextOffset: number }> {
    const params: [string, string][] = [
      ['since', q.since],
      ['until', q.until],
      ['limit', String(LIMIT)],
      ['offset', String(q.offset)],
      ['total', 'false'],
      ['sort_by', 'created_at:asc'],
      ['time_zone', 'UTC'],
      ['include[]', 'priorities'],
      ...q.serviceIds.map((id): [string, string] => ['service_ids[]', id]),
      ...q.teamIds.map((id): [string, string] => ['team_ids[]', id]),
    ];
    const body = await this.get<{ incidents?: PdIncident[]; more?: boolean; limit?: number }>('/incidents', params);
    if (!Array.isArray(body.incidents)) throw new PagerdutyApiError('GET /incidents: no incidents array in the answer', 200);
    const nextOffset = q.offset + body.incidents.length;
    return { incidents: body.incidents, more: body.more === true && body.incidents.length > 0 && nextOffset < MAX_OFFSET, nextOffset };
  }

  async incident(id: string): Promise<PdIncident | null> {
    try {
      return (await this.get<{ incident: PdIncident }>(`/incidents/${encodeURIComponent(id)}`)).incident;
    } catch (err) {
      if (err instanceof PagerdutyApiError && err.status === 404) return null;
      throw err;
    }
  }

  async notes(id: string): Promise<PdNote[]> {
    return (await this.get<{ notes?: PdNote[] }>(`/incidents/${encodeURIComponent(id)}/notes`)).notes ?? [];
  }

  async customFields(id: string): Promise<PdCustomFieldValue[]> {
    return (await this.get<{ custom_fields?: PdCustomFieldValue[] }>(`/incidents/${encodeURIComponent(id)}/custom_fields/values`)).custom_fields ?? [];
  }
}
