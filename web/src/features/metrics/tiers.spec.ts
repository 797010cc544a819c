import type { MetricValue } from '@bearing/shared';
import { describe, expect, it } from '@jest/globals';
import { METRIC_DEFS } from './metricDefs';
import { readTierEdges, targetDescription, targetText, tierBadgeText, tierDescription } from './tiers';

const edges = { elite: '< 1 day', high: '< 1 week', medium: '< 30 days', low: '≥ 30 days' };

describe('tier badges', () => {
  it('names the tier, or says there is none', () => {
    expect(tierBadgeText('elite')).toBe('Elite');
    expect(tierBadgeText('low')).toBe('Low');
    expect(tierBadgeText(null)).toBe('No tier');
  });

  it('describes the edges for the tooltip', () => {
    expect(tierDescription('Lead time for changes', 'high', edges)).toBe(
      'Lead time for changes: High tier. DORA 2023 tiers: Elite < 1 day; High < 1 week; Medium < 30 days; Low ≥ 30 days.',
    );
    expect(tierDescription('Lead time for changes', null, null)).toBe(
      'Lead time for changes: no tier (no data in the period).',
    );
  });

  it('reads the edges only when all four are there', () => {
    const metric = (tierEdges: unknown): MetricValue => ({ value: 1, unit: 'seconds', sampleSize: 1, series: [], tierEdges });
    expect(readTierEdges(metric(edges))).toEqual(edges);
    expect(readTierEdges(metric({ elite: '< 1 day' }))).toBeNull();
    expect(readTierEdges(metric(undefined))).toBeNull();
  });
});

describe('targets', () => {
  it('formats the target in the API value’s unit', () => {
    expect(targetText(METRIC_DEFS.lead_time_for_changes, { op: '<', value: 172_800 })).toBe('< 2 d');
    expect(targetText(METRIC_DEFS.change_failure_rate, { op: '<=', value: 0.05 })).toBe('≤ 5%');
    // deployment frequency targets compare the count of deployments in the period
    expect(targetText(METRIC_DEFS.deployment_frequency, { op: '>=', value: 10 })).toBe('≥ 10 deployments in the period');
  });

  it('says met, missed or no data', () => {
    const def = METRIC_DEFS.lead_time_for_changes;
    expect(targetDescription(def, { op: '<', value: 86_400, met: true })).toBe('Target < 1 d: met');
    expect(targetDescription(def, { op: '<', value: 86_400, met: false })).toBe('Target < 1 d: missed');
    expect(targetDescription(def, { op: '<', value: 86_400, met: null })).toBe('Target < 1 d: no data');
  });
});
