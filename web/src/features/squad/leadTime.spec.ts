import type { MetricValue } from '@bearing/shared';
import { describe, expect, it } from '@jest/globals';
import { readSplit, toStageRows } from './leadTime';

const stage = (value: number | null, sampleSize = 10) => ({ value, p90: value === null ? null : value * 2, sampleSize });

function leadTime(total: number | null, stages: Record<string, unknown> | undefined): MetricValue {
  return { value: total, unit: 'seconds', sampleSize: 12, series: [], stages };
}

describe('toStageRows', () => {
  it('gives one bar per period with each stage’s median and the directly computed total', () => {
    const rows = toStageRows([
      {
        label: 'This period',
        metric: leadTime(69_940, {
          coding: stage(6_133),
          pickup: stage(6_001),
          review: stage(3_434),
          deploy: stage(2_220),
        }),
      },
      { label: 'Previous period', metric: leadTime(80_000, { coding: stage(7_000), pickup: stage(null, 0), review: stage(4_000), deploy: stage(1_000) }) },
    ]);
    expect(rows).toEqual([
      {
        label: 'This period',
        coding: 6_133,
        pickup: 6_001,
        review: 3_434,
        deploy: 2_220,
        total: 69_940, // the median of the totals, not the sum of stage medians
        stageSum: 17_788, // 6133 + 6001 + 3434 + 2220
        sampleSize: 10,
      },
      {
        label: 'Previous period',
        coding: 7_000,
        pickup: null, // no reviewed PR: a missing stage, not 0
        review: 4_000,
        deploy: 1_000,
        total: 80_000,
        stageSum: 12_000,
        sampleSize: 10,
      },
    ]);
  });

  it('leaves out periods without stage data', () => {
    expect(
      toStageRows([
        { label: 'This period', metric: leadTime(null, { coding: stage(null, 0), pickup: stage(null, 0), review: stage(null, 0), deploy: stage(null, 0) }) },
        { label: 'Previous period', metric: undefined },
        { label: 'Other', metric: leadTime(5, undefined) },
      ]),
    ).toEqual([]);
  });
});

describe('readSplit', () => {
  it('reads agent and human medians', () => {
    const metric = leadTime(1, undefined);
    metric.split = { agent: { value: 67_902, p90: 211_052, sampleSize: 84 }, human: { value: 73_514, p90: null, sampleSize: 254 } };
    expect(readSplit(metric)).toEqual({
      agent: { value: 67_902, p90: 211_052, sampleSize: 84 },
      human: { value: 73_514, p90: null, sampleSize: 254 },
    });
    expect(readSplit(undefined)).toEqual({ agent: null, human: null });
  });
});
