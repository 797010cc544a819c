import type { DriftEpisode, MetricsResponse, MetricValue } from '@bearing/shared';
import { describe, expect, it } from '@jest/globals';
import { toCsv } from '../../lib/csv';
import { driftCsvColumns, signalSummary, toDriftRows, toEpisodeRows, toEpisodeTrend, unitLabel } from './drift';

function metric(unit: MetricValue['unit'], value: number | null, extra: Partial<MetricValue> = {}): MetricValue {
  return { value, unit, sampleSize: 0, series: [], ...extra };
}

/** A squad's drift over three weeks of November 2026. */
function response(scope: string, weekly: Array<number | null>, recovery: { median: number; p90: number; n: number } | null): MetricsResponse {
  const starts = ['2026-11-02', '2026-11-09', '2026-11-16'];
  const episodes = weekly.reduce<number>((sum, v) => sum + (v ?? 0), 0);
  return {
    scope,
    from: '2026-11-02',
    to: '2026-11-23',
    interval: 'week',
    timeZone: 'Europe/Berlin',
    metrics: {
      drift_episodes: metric('count', episodes, {
        sampleSize: episodes,
        series: weekly.map((value, i) => ({ start: starts[i]!, value, sampleSize: value ?? 0 })),
      }),
      drift_recovery_time: metric('seconds', recovery?.median ?? null, { p90: recovery?.p90 ?? null, sampleSize: recovery?.n ?? 0 }),
      drift_caught_early_rate: metric('ratio', recovery ? 0.25 : null, { sampleSize: recovery?.n ?? 0 }),
      drift_expensive_rate: metric('ratio', recovery ? 0.125 : null, { sampleSize: recovery?.n ?? 0 }),
    },
  };
}

const squads = [
  { key: 'payments-core', name: 'Payments Core' },
  { key: 'checkout', name: 'Checkout' },
  { key: 'growth', name: 'Growth Experiments' },
];

const byScope = new Map<string, MetricsResponse | undefined>([
  // 3 + 4 + 1 = 8 episodes, 8 recovered: median 40 min, p90 3 h
  ['squad:payments-core', response('squad:payments-core', [3, 4, 1], { median: 2400, p90: 10800, n: 8 })],
  // no drift at all: zero episodes, nothing recovered
  ['squad:checkout', response('squad:checkout', [0, 0, 0], null)],
  // growth did not answer (still loading or failed): unknown, not zero
  ['org', response('org', [5, 6, 2], { median: 1800, p90: 9000, n: 13 })],
]);

describe('toDriftRows', () => {
  const rows = toDriftRows(squads, byScope, { scope: 'org', name: 'Acme' });

  it('sorts squads by name and reads median, p90 and the shares', () => {
    expect(rows.squads.map((r) => r.name)).toEqual(['Checkout', 'Growth Experiments', 'Payments Core']);
    expect(rows.squads[2]).toEqual({
      scope: 'squad:payments-core',
      name: 'Payments Core',
      kind: 'squad',
      episodes: 8,
      recoveryMedian: 2400,
      recoveryP90: 10800,
      recovered: 8,
      caughtEarly: 0.25,
      expensive: 0.125,
    });
  });

  it('keeps zero episodes as 0 and a missing answer as unknown', () => {
    expect(rows.squads[0]).toMatchObject({ episodes: 0, recoveryMedian: null, caughtEarly: null });
    expect(rows.squads[1]).toMatchObject({ episodes: null, recovered: 0, recoveryP90: null });
  });

  it('takes the total row from the scope’s own answer', () => {
    // org: 5 + 6 + 2 = 13, not the sum of the squads shown (8)
    expect(rows.total).toMatchObject({ kind: 'total', episodes: 13, recoveryMedian: 1800 });
  });

  it('exports raw seconds and shares', () => {
    expect(toCsv(driftCsvColumns, [rows.squads[2]!]).split('\r\n')[1]).toBe(
      'squad:payments-core,Payments Core,8,2400,10800,8,0.25,0.125',
    );
  });
});

describe('toEpisodeTrend', () => {
  it('draws one line per squad that had drift, keeping gaps as null', () => {
    const withGap = new Map(byScope);
    withGap.set('squad:growth', response('squad:growth', [null, 2, 0], null));
    const trend = toEpisodeTrend(squads, withGap);
    // Checkout never drifted: no line; Growth and Payments Core in name order
    expect(trend.lines.map((l) => l.label)).toEqual(['Growth Experiments', 'Payments Core']);
    expect(trend.rows).toEqual([
      { start: '2026-11-02', s0: null, s1: 3 },
      { start: '2026-11-09', s0: 2, s1: 4 },
      { start: '2026-11-16', s0: 0, s1: 1 },
    ]);
    expect(trend.max).toBe(4);
  });
});

const episode = (e: Partial<DriftEpisode>): DriftEpisode => ({
  id: 'e1',
  unit: 'pr:acme/payments-api#412',
  unitKind: 'pull_request',
  repo: 'acme/payments-api',
  pullRequest: 412,
  sessionId: null,
  squad: 'payments-core',
  agent: true,
  startedAt: '2026-11-10T09:00:00Z',
  recoveredAt: '2026-11-10T09:40:00Z',
  recovery: 'checks_passed',
  durationSeconds: 2400,
  ageSeconds: null,
  status: 'recovered',
  signals: [
    { kind: 'repeated_failure', at: '2026-11-10T09:00:00Z', detail: 'ci / unit-tests failed 3 times in a row', ref: 'run 991' },
    { kind: 'repeated_failure', at: '2026-11-10T09:20:00Z', detail: 'ci / lint failed 3 times in a row', ref: 'run 995' },
    { kind: 'out_of_scope', at: '2026-11-10T09:25:00Z', detail: 'touched ledger/posting.ts (owned by ledger)', ref: 'abc1234' },
  ],
  ...e,
});

describe('episodes', () => {
  it('summarises signals by kind with counts', () => {
    expect(signalSummary(episode({}))).toBe('Repeated CI failure ×2, Out-of-scope edit');
  });

  it('names the unit: a PR or an agent session', () => {
    expect(unitLabel(episode({}))).toBe('acme/payments-api#412');
    expect(unitLabel(episode({ unitKind: 'session', repo: null, pullRequest: null, sessionId: '7f3c', unit: 'session:7f3c' }))).toBe(
      'session 7f3c',
    );
  });

  it('lists open episodes first, longest open first, then recovered ones newest first', () => {
    const rows = toEpisodeRows(
      [
        episode({ id: 'old-recovered', startedAt: '2026-11-03T10:00:00Z' }),
        episode({ id: 'open-young', status: 'open', recovery: null, recoveredAt: null, durationSeconds: null, ageSeconds: 3600 }),
        episode({ id: 'new-recovered', startedAt: '2026-11-12T10:00:00Z', squad: 'unknown-squad' }),
        episode({ id: 'open-old', status: 'open', recovery: null, recoveredAt: null, durationSeconds: null, ageSeconds: 86400 }),
      ],
      (key) => (key === 'payments-core' ? 'Payments Core' : undefined),
    );
    expect(rows.map((r) => r.id)).toEqual(['open-old', 'open-young', 'new-recovered', 'old-recovered']);
    expect(rows[0]).toMatchObject({ seconds: 86400, recovery: 'still open', squad: 'Payments Core' });
    expect(rows[3]).toMatchObject({ seconds: 2400, recovery: 'checks passed again', why: 'ci / unit-tests failed 3 times in a row' });
    // a squad the viewer's org structure does not name keeps its key
    expect(rows[2]?.squad).toBe('unknown-squad');
  });
});
