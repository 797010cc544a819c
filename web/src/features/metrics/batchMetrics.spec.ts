import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { MetricsBatchResponse, MetricsResponse } from '@bearing/shared';
import { QueryClient } from '@tanstack/react-query';
import { fetchMetricsBatch } from '../../api/metrics';
import { metricKeys, metricsBatchQueryOptions, metricsQueryOptions } from '../../api/metrics.queries';
import { seedScopes } from './useBatchScopeMetrics';

const period = { from: '2026-08-01', to: '2026-11-01', interval: 'week' as const };
const response = (scope: string, value: number): MetricsResponse => ({
  scope,
  ...period,
  timeZone: 'UTC',
  metrics: { deployment_frequency: { value, unit: 'count', sampleSize: value, series: [] } },
});

describe('fetchMetricsBatch', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('sends every scope in one POST with a JSON body, and returns the results', async () => {
    const answer: MetricsBatchResponse = { results: [response('org', 9), response('squad:a', 4)] };
    const fetchMock = jest.fn(async (_url: string, _init: RequestInit) => new Response(JSON.stringify(answer), { status: 200 }));
    globalThis.fetch = fetchMock as unknown as typeof fetch;
    const got = await fetchMetricsBatch({ scopes: ['org', 'squad:a'], ...period });
    expect(got).toEqual(answer);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/v1/metrics/batch');
    expect(init.method).toBe('POST');
    // no `metrics`: all of them
    expect(JSON.parse(init.body as string)).toEqual({ scopes: ['org', 'squad:a'], ...period });
  });
});

describe('batch query keys and the per-scope cache', () => {
  it('a batch lives under metricKeys.all and metricKeys.batches, so target and data changes refetch it', async () => {
    const client = new QueryClient();
    const options = metricsBatchQueryOptions({ scopes: ['org', 'squad:a'], ...period });
    client.setQueryData(options.queryKey, { results: [] });
    await client.invalidateQueries({ queryKey: metricKeys.batches });
    expect(client.getQueryState(options.queryKey)?.isInvalidated).toBe(true);
    client.setQueryData(options.queryKey, { results: [] });
    await client.invalidateQueries({ queryKey: metricKeys.all });
    expect(client.getQueryState(options.queryKey)?.isInvalidated).toBe(true);
  });

  it('seeds each scope’s own query (all metrics) from a batch, keeping answers already there', () => {
    const client = new QueryClient();
    const older = response('squad:a', 1);
    client.setQueryData(metricsQueryOptions({ scope: 'squad:a', ...period }).queryKey, older);
    seedScopes(client, { results: [response('org', 9), response('squad:a', 4)] }, 'week');
    expect(client.getQueryData(metricsQueryOptions({ scope: 'org', ...period }).queryKey)).toEqual(response('org', 9));
    expect(client.getQueryData(metricsQueryOptions({ scope: 'squad:a', ...period }).queryKey)).toBe(older);
    // another period's or interval's query is not touched
    expect(client.getQueryData(metricsQueryOptions({ scope: 'org', ...period, interval: 'month' }).queryKey)).toBeUndefined();
  });
});
