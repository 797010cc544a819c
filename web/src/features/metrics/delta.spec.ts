import { describe, expect, it } from '@jest/globals';
import { computeDelta, describeDelta, formatChange, previousPeriod } from './delta';
import { METRIC_DEFS, formatMetricValue } from './metricDefs';

describe('previousPeriod', () => {
  it('takes the same number of days before a rolling period', () => {
    // 24 Aug – 23 Nov is 92 days; 24 Aug − 92 days = 24 May
    expect(previousPeriod({ from: '2026-08-24', to: '2026-11-24' })).toEqual({ from: '2026-05-24', to: '2026-08-24' });
    // 28 days
    expect(previousPeriod({ from: '2026-10-27', to: '2026-11-24' })).toEqual({ from: '2026-09-29', to: '2026-10-27' });
  });

  it('compares whole calendar months with the months before', () => {
    expect(previousPeriod({ from: '2026-10-01', to: '2026-11-01' })).toEqual({ from: '2026-09-01', to: '2026-10-01' });
    expect(previousPeriod({ from: '2026-01-01', to: '2026-04-01' })).toEqual({ from: '2025-10-01', to: '2026-01-01' });
  });
});

describe('computeDelta', () => {
  it('calls a shorter duration better and a longer one worse', () => {
    expect(computeDelta(3_600, 7_200, 'lower')).toEqual({
      current: 3_600,
      previous: 7_200,
      change: -3_600,
      relative: -0.5, // −3600 ÷ 7200
      direction: 'down',
      verdict: 'better',
    });
    expect(computeDelta(7_200, 3_600, 'lower')).toMatchObject({ direction: 'up', verdict: 'worse', relative: 1 });
  });

  it('calls more deployments better', () => {
    expect(computeDelta(12, 10, 'higher')).toMatchObject({ change: 2, direction: 'up', verdict: 'better' });
    expect(computeDelta(8, 10, 'higher')).toMatchObject({ change: -2, direction: 'down', verdict: 'worse' });
  });

  it('has no delta when either period has no data (empty is not zero)', () => {
    expect(computeDelta(null, 10, 'lower')).toMatchObject({ change: null, direction: null, verdict: null });
    expect(computeDelta(10, null, 'lower')).toMatchObject({ change: null, direction: null, verdict: null });
  });

  it('treats changes within the tolerance as no change, and a zero base as no relative change', () => {
    expect(computeDelta(0.1003, 0.1, 'lower', 0.0005)).toMatchObject({ direction: 'same', verdict: 'same' });
    expect(computeDelta(0.05, 0, 'lower')).toMatchObject({ relative: null, verdict: 'worse' });
  });
});

describe('describeDelta', () => {
  const lead = METRIC_DEFS.lead_time_for_changes;
  const cfr = METRIC_DEFS.change_failure_rate;
  const deploys = METRIC_DEFS.deployment_frequency;

  it('writes the arrow, the amount in the metric’s unit and the verdict in words', () => {
    const text = describeDelta(lead, computeDelta(50_400, 43_200, 'lower'), (v) => formatMetricValue(lead, v));
    expect(text).toEqual({
      symbol: '▲',
      amount: '2 h', // 50400 − 43200 = 7200 s
      verdictText: 'worse',
      description: 'Up 2 h (+17%) from 12 h in the previous period: worse.',
    });
  });

  it('shows rates in percentage points and per-week figures with or without their unit', () => {
    expect(formatChange(cfr, 0.0123)).toBe('1.2 pp');
    expect(formatChange(deploys, -3.14)).toBe('3.1 / week');
    expect(formatChange(deploys, -3.14, true)).toBe('3.1');
    const text = describeDelta(deploys, computeDelta(7, 4, 'higher'), (v) => formatMetricValue(deploys, v), true);
    expect(text.amount).toBe('3');
    expect(text.description).toBe('Up 3 / week (+75%) from 4 / week in the previous period: better.');
  });

  it('says why there is no comparison', () => {
    const f = (v: number | null) => formatMetricValue(lead, v);
    expect(describeDelta(lead, computeDelta(10, null, 'lower'), f)).toMatchObject({
      amount: '—',
      description: 'No data in the previous period to compare with.',
    });
    expect(describeDelta(lead, computeDelta(null, 10, 'lower'), f).description).toBe(
      'No data in this period to compare.',
    );
    expect(describeDelta(lead, computeDelta(10, 10, 'lower', 1), f)).toMatchObject({ symbol: '=', amount: 'no change' });
  });
});
