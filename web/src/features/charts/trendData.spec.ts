import { describe, expect, it } from '@jest/globals';
import { trendCaption } from './buckets';
import { axisScaleFor, scaleTrendRows, toTrendData } from './trendData';

describe('toTrendData', () => {
  it('makes one row per bucket with one value per line, gaps as null (not 0)', () => {
    const data = toTrendData([
      { label: 'A', series: [{ start: '2026-11-09', value: 2, sampleSize: 2 }, { start: '2026-11-02', value: 3, sampleSize: 3 }] },
      {
        label: 'B',
        series: [
          { start: '2026-11-02', value: 0, sampleSize: 0 },
          { start: '2026-11-09', value: null, sampleSize: 0 },
          { start: '2026-11-16', value: 4, sampleSize: 4 },
        ],
      },
    ]);
    expect(data.lines).toEqual([
      { id: 's0', label: 'A' },
      { id: 's1', label: 'B' },
    ]);
    expect(data.rows).toEqual([
      { start: '2026-11-02', s0: 3, s1: 0 },
      { start: '2026-11-09', s0: 2, s1: null }, // no sample that week: a gap
      { start: '2026-11-16', s0: null, s1: 4 }, // A has no such bucket
    ]);
    expect(data.points).toBe(4); // 3, 2, 0, 4
    expect(data.max).toBe(4);
  });

  it('is empty without series', () => {
    expect(toTrendData([])).toEqual({ lines: [], rows: [], points: 0, max: 0 });
  });
});

describe('axis scale', () => {
  it('draws durations in a readable unit and ratios as percent', () => {
    expect(axisScaleFor('seconds', 3 * 86_400)).toMatchObject({ divisor: 86_400, unitLabel: 'days' });
    expect(axisScaleFor('seconds', 5 * 3_600)).toMatchObject({ divisor: 3_600, unitLabel: 'hours' });
    expect(axisScaleFor('seconds', 600)).toMatchObject({ divisor: 60, unitLabel: 'minutes' });
    expect(axisScaleFor('ratio', 0.2)).toMatchObject({ divisor: 0.01, unitLabel: '%' });
    expect(axisScaleFor('count', 40, 'deployments')).toMatchObject({ divisor: 1, unitLabel: 'deployments' });
  });

  it('scales rows and keeps gaps', () => {
    const scale = axisScaleFor('seconds', 10 * 3_600);
    const rows = scaleTrendRows([{ start: '2026-11-02', s0: 7_200 }, { start: '2026-11-09', s0: null }], [{ id: 's0', label: 'A' }], scale);
    expect(rows).toEqual([
      { start: '2026-11-02', s0: 2 }, // 7200 s = 2 h
      { start: '2026-11-09', s0: null },
    ]);
  });
});

describe('trendCaption', () => {
  it('says what, for whom, when, and which buckets are partial', () => {
    expect(
      trendCaption({
        title: 'Deployments per week',
        scopeLabel: 'Payments group',
        from: '2026-08-24', // a Monday
        to: '2026-11-24', // a Tuesday: the last week is partial
        interval: 'week',
        timeZone: 'UTC',
        definition: 'successful production deployments',
        note: 'The dashed line is the target.',
      }),
    ).toBe(
      'Deployments per week, Payments group, 24 Aug – 23 Nov 2026: successful production deployments. Weeks start on Monday (UTC); the last week is partial. The dashed line is the target.',
    );
  });
});
