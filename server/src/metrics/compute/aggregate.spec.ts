import type { Period } from '../period.js';
import { countMetric, durationMetric, rateMetric, summariseDurations, topShare } from './aggregate.js';

/**
 * Aggregation conventions (metrics.md, "Conventions"): [from, to) half-open in local dates,
 * interpolated median/p90 (percentile_cont), empty durations and rates are null with
 * sampleSize 0, counts are 0.
 */

// two ISO weeks: 2026-03-02 (Mon) .. 2026-03-16 (exclusive)
const p: Period = { from: '2026-03-02', to: '2026-03-16', interval: 'week', timeZone: 'UTC' };

describe('durations', () => {
  it('median and p90 over the events in [from, to); the median per bucket', () => {
    // in period: 100 (03-02), 200 (03-03), 400 (03-10), 1 000 (03-15); out: 03-01 and 03-16
    // sorted [100, 200, 400, 1000]: median pos 1.5 → (200 + 400) / 2 = 300; p90 pos 2.7 → 400 + 0.7 × 600 = 820
    // week 03-02: [100, 200] → 150; week 03-09: [400, 1000] → 700
    const m = durationMetric(
      [
        { localDate: '2026-03-01', seconds: 5 },
        { localDate: '2026-03-02', seconds: 100 },
        { localDate: '2026-03-03', seconds: 200 },
        { localDate: '2026-03-10', seconds: 400 },
        { localDate: '2026-03-15', seconds: 1_000 },
        { localDate: '2026-03-16', seconds: 9_999 },
      ],
      p,
    );
    expect(m.value).toBe(300);
    expect(m.p90).toBeCloseTo(820, 9);
    expect(m.sampleSize).toBe(4);
    expect(m.series).toEqual([
      { start: '2026-03-02', value: 150, sampleSize: 2 },
      { start: '2026-03-09', value: 700, sampleSize: 2 },
    ]);
  });

  it('an empty sample is null with sampleSize 0, never 0, and so is each empty bucket', () => {
    const m = durationMetric([{ localDate: '2026-03-16', seconds: 60 }], p);
    expect(m).toEqual({
      value: null,
      p90: null,
      sampleSize: 0,
      series: [
        { start: '2026-03-02', value: null, sampleSize: 0 },
        { start: '2026-03-09', value: null, sampleSize: 0 },
      ],
    });
  });

  it('a single value is its own median and p90', () => {
    expect(summariseDurations([42])).toEqual({ value: 42, p90: 42, sampleSize: 1 });
  });
});

describe('rates', () => {
  it('hits ÷ events in the period; an empty bucket is null', () => {
    // 1 hit of 4 events in week 03-02 → 0.25 overall (week 03-09 empty → null)
    const r = rateMetric(
      [
        { localDate: '2026-03-02', hit: true },
        { localDate: '2026-03-03', hit: false },
        { localDate: '2026-03-04', hit: false },
        { localDate: '2026-03-05', hit: false },
        { localDate: '2026-03-20', hit: true },
      ],
      p,
    );
    expect(r).toEqual({
      value: 0.25,
      sampleSize: 4,
      hits: 1,
      series: [
        { start: '2026-03-02', value: 0.25, sampleSize: 4 },
        { start: '2026-03-09', value: null, sampleSize: 0 },
      ],
    });
  });

  it('a zero denominator is null with sampleSize 0', () => {
    expect(rateMetric([], p)).toMatchObject({ value: null, sampleSize: 0, hits: 0 });
  });
});

describe('counts', () => {
  it('count the events in the period; empty is 0, not null', () => {
    expect(countMetric([{ localDate: '2026-03-09' }, { localDate: '2026-03-15' }, { localDate: '2026-02-28' }], p)).toEqual({
      value: 2,
      sampleSize: 2,
      series: [
        { start: '2026-03-02', value: 0, sampleSize: 0 },
        { start: '2026-03-09', value: 2, sampleSize: 2 },
      ],
    });
    expect(countMetric([], p).value).toBe(0);
  });
});

describe('top share', () => {
  it('is the share of the most frequent key; null when empty', () => {
    // ana 3 of 5
    expect(topShare(['ana', 'ben', 'ana', 'cho', 'ana'])).toBe(0.6);
    expect(topShare([])).toBeNull();
  });
});
