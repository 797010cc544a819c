import type { MetricsResponse } from '@bearing/shared';
import { describe, expect, it } from '@jest/globals';
import { toDeploymentSeries } from './toDeploymentSeries';
import { toDeploymentTableRows } from './toDeploymentTableRows';

function response(
  scope: string,
  series: Array<[string, number | null]>,
  extras: { deploymentDays?: number; perWeek?: number } = {},
): MetricsResponse {
  const value = series.reduce((sum, [, v]) => sum + (v ?? 0), 0);
  return {
    scope,
    from: '2026-11-02',
    to: '2026-11-23',
    interval: 'week',
    timeZone: 'UTC',
    metrics: {
      deployment_frequency: {
        value,
        unit: 'count',
        sampleSize: value,
        series: series.map(([start, v]) => ({ start, value: v, sampleSize: v ?? 0 })),
        ...extras,
      },
    },
  };
}

describe('toDeploymentSeries', () => {
  it('makes one row per bucket with one value per squad', () => {
    const data = toDeploymentSeries(
      [
        response('squad:a', [['2026-11-09', 2], ['2026-11-02', 3]]),
        response('squad:b', [['2026-11-02', 0], ['2026-11-09', 1], ['2026-11-16', 4]]),
      ],
      (scope) => scope.toUpperCase(),
    );
    expect(data.series).toEqual([
      { id: 's0', scope: 'squad:a', label: 'SQUAD:A', total: 5 }, // 3 + 2
      { id: 's1', scope: 'squad:b', label: 'SQUAD:B', total: 5 }, // 0 + 1 + 4
    ]);
    expect(data.rows).toEqual([
      { start: '2026-11-02', s0: 3, s1: 0 },
      { start: '2026-11-09', s0: 2, s1: 1 },
      { start: '2026-11-16', s0: null, s1: 4 }, // a has no such bucket: a gap, not 0
    ]);
    expect(data.total).toBe(10);
  });

  it('skips responses without the metric and handles no data', () => {
    const without: MetricsResponse = { ...response('squad:x', []), metrics: {} };
    expect(toDeploymentSeries([without])).toEqual({ series: [], rows: [], total: 0 });
    expect(toDeploymentSeries([])).toEqual({ series: [], rows: [], total: 0 });
  });
});

describe('toDeploymentTableRows', () => {
  it('reads count, deploymentDays and perWeek per squad', () => {
    const squads = [
      { key: 'a', name: 'Alpha', group: null, repositories: [], services: [], people: 3 },
      { key: 'z', name: 'Zulu', group: null, repositories: [], services: [], people: 2 },
    ];
    const rows = toDeploymentTableRows(squads, [
      response('squad:a', [['2026-11-02', 3], ['2026-11-09', 3]], { deploymentDays: 4, perWeek: 2 }),
    ]);
    expect(rows).toEqual([
      { squadKey: 'a', squadName: 'Alpha', deployments: 6, deploymentDays: 4, perWeek: 2 },
      { squadKey: 'z', squadName: 'Zulu', deployments: null, deploymentDays: null, perWeek: null },
    ]);
  });
});
