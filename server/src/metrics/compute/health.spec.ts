import type { Period } from '../period.js';
import { outOfHoursCommitRate, reviewConcentration, reviewPickupTime } from './health.js';
import type { PrRow, ReviewDayRow } from './rows.js';

/** Team-health metric functions (metrics.md, "Team health"). Org zone UTC. */

const p: Period = { from: '2026-03-02', to: '2026-03-16', interval: 'week', timeZone: 'UTC' };

const prRow = (number: number, createdAt: string, firstReviewAt: string | null, r: Partial<PrRow> = {}): PrRow => ({
  repo: 'acme/pay',
  number,
  author: 'ana',
  agent: false,
  bot: false,
  createdAt,
  localDate: createdAt.slice(0, 10),
  firstReviewAt,
  firstReviewer: firstReviewAt ? 'ben' : null,
  ...r,
});

describe('review_pickup_time', () => {
  it('median of opened → first qualifying review over PRs opened in the period; unreviewed and bot PRs left out', () => {
    // #1 1 h, #2 3 h (agent), #3 never reviewed (left out), #4 bot PR (left out), #5 opened 03-16 (outside)
    // [3 600, 10 800] → median 7 200; p90 3 600 + 0.9 × 7 200 = 10 080
    const m = reviewPickupTime(
      [
        prRow(1, '2026-03-02T10:00:00Z', '2026-03-02T11:00:00Z'),
        prRow(2, '2026-03-03T10:00:00Z', '2026-03-03T13:00:00Z', { agent: true }),
        prRow(3, '2026-03-04T10:00:00Z', null),
        prRow(4, '2026-03-05T10:00:00Z', '2026-03-05T10:01:00Z', { bot: true, author: 'dependabot[bot]' }),
        prRow(5, '2026-03-16T10:00:00Z', '2026-03-16T10:05:00Z'),
      ],
      p,
    );
    expect(m).toMatchObject({ value: 7_200, sampleSize: 2, unit: 'seconds' });
    expect(m.p90).toBeCloseTo(10_080, 6);
    const split = m.split as Record<string, { value: number | null; sampleSize: number }>;
    expect([split.agent!.value, split.human!.value]).toEqual([10_800, 3_600]);
  });

  it('is null with sampleSize 0 when no PR opened in the period was reviewed', () => {
    expect(reviewPickupTime([prRow(3, '2026-03-04T10:00:00Z', null)], p)).toMatchObject({ value: null, p90: null, sampleSize: 0 });
  });
});

describe('review_concentration', () => {
  // counted reviews per reviewer and day (self-reviews and bots are already left out of the rows)
  const rows: ReviewDayRow[] = [
    { reviewer: 'ana', practiceLead: false, localDate: '2026-03-02', n: 2 },
    { reviewer: 'ana', practiceLead: false, localDate: '2026-03-10', n: 1 },
    { reviewer: 'ben', practiceLead: false, localDate: '2026-03-03', n: 1 },
    { reviewer: 'cho', practiceLead: true, localDate: '2026-03-11', n: 2 },
    { reviewer: 'ben', practiceLead: false, localDate: '2026-03-16', n: 5 }, // outside the period
  ];

  it("is the share of the scope's reviews done by its most active reviewer, with the practice-lead share", () => {
    // in period: ana 3, ben 1, cho 2 → total 6; top = ana 3/6 = 0.5; practice lead (cho) 2/6
    // week 03-02: ana 2, ben 1 → 2/3; week 03-09: ana 1, cho 2 → 2/3
    const m = reviewConcentration(rows, p);
    expect(m).toMatchObject({ value: 0.5, sampleSize: 6, unit: 'ratio' });
    expect(m.practice_lead_review_share).toBeCloseTo(2 / 6, 12);
    expect(m.series.map((s) => [s.start, s.value, s.sampleSize])).toEqual([
      ['2026-03-02', 2 / 3, 3],
      ['2026-03-09', 2 / 3, 3],
    ]);
  });

  it('is null with sampleSize 0 without reviews', () => {
    expect(reviewConcentration([], p)).toMatchObject({ value: null, sampleSize: 0, practice_lead_review_share: null });
  });
});

describe('out_of_hours_commit_rate', () => {
  it('out-of-hours human commits ÷ human commits authored in the period', () => {
    // 03-02: 4 commits, 1 out of hours; 03-09: 2 commits, 2 out; 03-16 outside → 3 / 6 = 0.5
    const m = outOfHoursCommitRate(
      [
        { localDate: '2026-03-02', total: 4, outOfHours: 1 },
        { localDate: '2026-03-09', total: 2, outOfHours: 2 },
        { localDate: '2026-03-16', total: 9, outOfHours: 9 },
      ],
      p,
    );
    expect(m).toMatchObject({ value: 0.5, sampleSize: 6 });
    // week 03-02: 1/4; week 03-09: 2/2
    expect(m.series).toEqual([
      { start: '2026-03-02', value: 0.25, sampleSize: 4 },
      { start: '2026-03-09', value: 1, sampleSize: 2 },
    ]);
  });

  it('is null with sampleSize 0 without human commits', () => {
    expect(outOfHoursCommitRate([], p)).toMatchObject({ value: null, sampleSize: 0 });
  });
});
