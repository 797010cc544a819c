import type { MetricValue } from '@bearing/shared';
import { describe, expect, it } from '@jest/globals';
import { severityBreakdown, statCardDetail, workingHoursText } from './statCards';

const m = (extra: Partial<MetricValue>): MetricValue => ({ value: 0, unit: 'count', sampleSize: 0, series: [], ...extra });

describe('statCardDetail', () => {
  it('explains each number with its sample', () => {
    expect(statCardDetail('deployment_frequency', m({ value: 230, deploymentDays: 66 }))).toBe('230 deployments on 66 days');
    expect(statCardDetail('change_failure_rate', m({ value: 0.0217, sampleSize: 230, failed: 5 }))).toBe('5 of 230 deployments failed');
    expect(statCardDetail('lead_time_for_changes', m({ value: 69_940, p90: 257_651, sampleSize: 338 }))).toBe(
      'p90 3 d · 338 changes', // 257651 s = 2 d 23.6 h, rounded to the hour
    );
    expect(statCardDetail('on_call_load', m({ value: 0.46, sampleSize: 6, outOfHoursShare: 0.8333 }))).toBe(
      '6 incidents, 83% opened out of hours',
    );
    expect(statCardDetail('time_to_restore', undefined)).toBe('No data');
  });
});

describe('severityBreakdown', () => {
  it('lists severities in order', () => {
    expect(severityBreakdown(m({ bySeverity: { SEV3: 5, SEV2: 1 } }))).toEqual([
      { severity: 'SEV2', count: 1 },
      { severity: 'SEV3', count: 5 },
    ]);
  });
});

describe('workingHoursText', () => {
  it('reads the org’s working hours', () => {
    expect(workingHoursText({ start: 9, end: 18, days: [1, 2, 3, 4, 5] })).toBe('Mon–Fri 09:00–18:00');
    expect(workingHoursText({ start: 8.5, end: 17, days: [1, 3] })).toBe('Mon, Wed 08:30–17:00');
  });
});
