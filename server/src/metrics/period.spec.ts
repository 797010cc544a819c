import { buckets, daysBetween, parsePeriod, percentileCont, subPeriods, weekStart } from './period.js';

describe('periods', () => {
  it('starts ISO weeks on Monday', () => {
    expect(weekStart('2026-03-01')).toBe('2026-02-23'); // a Sunday → the Monday before
    expect(weekStart('2026-03-02')).toBe('2026-03-02'); // a Monday
  });

  it('lists week and month buckets covering [from, to)', () => {
    expect(buckets({ from: '2026-03-01', to: '2026-03-16', interval: 'week' })).toEqual(['2026-02-23', '2026-03-02', '2026-03-09']);
    expect(buckets({ from: '2026-01-15', to: '2026-04-01', interval: 'month' })).toEqual(['2026-01-01', '2026-02-01', '2026-03-01']);
  });

  it('cuts a period at its bucket boundaries, the first and last buckets clipped to it', () => {
    const tz = { timeZone: 'Europe/Berlin' };
    expect(subPeriods({ from: '2026-06-01', to: '2026-10-01', interval: 'month', ...tz })).toEqual([
      { from: '2026-06-01', to: '2026-07-01', interval: 'month', ...tz },
      { from: '2026-07-01', to: '2026-08-01', interval: 'month', ...tz },
      { from: '2026-08-01', to: '2026-09-01', interval: 'month', ...tz },
      { from: '2026-09-01', to: '2026-10-01', interval: 'month', ...tz },
    ]);
    // 2026-03-04 is a Wednesday: its week starts on Monday 03-02; the last week is cut at 03-18
    expect(subPeriods({ from: '2026-03-04', to: '2026-03-18', interval: 'week', ...tz })).toEqual([
      { from: '2026-03-04', to: '2026-03-09', interval: 'week', ...tz },
      { from: '2026-03-09', to: '2026-03-16', interval: 'week', ...tz },
      { from: '2026-03-16', to: '2026-03-18', interval: 'week', ...tz },
    ]);
  });

  it('counts calendar days across a DST change', () => {
    expect(daysBetween('2026-03-28', '2026-04-04')).toBe(7);
  });

  it('rejects bad periods naming the field', () => {
    expect(() => parsePeriod({ from: '2026-02-30', to: '2026-03-01' }, 'UTC')).toThrow(/^from:/);
    expect(() => parsePeriod({ from: '2026-03-01', to: '2026-03-01' }, 'UTC')).toThrow(/^to:/);
    expect(() => parsePeriod({ from: '2026-03-01', to: '2026-04-01', interval: 'day' }, 'UTC')).toThrow(/^interval:/);
    expect(() => parsePeriod({ to: '2026-04-01' }, 'UTC')).toThrow(/^from: is required/);
  });

  it('interpolates percentiles like percentile_cont', () => {
    // [1,2,3,4]: median at position 1.5 → 2.5; p90 at 2.7 → 3 + 0.7 × 1 = 3.7
    expect(percentileCont([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(percentileCont([4, 1, 3, 2], 0.9)).toBeCloseTo(3.7);
    expect(percentileCont([], 0.5)).toBeNull();
  });
});
