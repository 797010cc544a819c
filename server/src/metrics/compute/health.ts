import type { MetricValue } from '@bearing/shared';
import type { Period } from '../period.js';
import { bucketStart, buckets } from '../period.js';
import { durationMetric, summariseDurations } from './aggregate.js';
import type { CommitDayRow, PrRow, ReviewDayRow } from './rows.js';

const seconds = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;

/** `review_pickup_time`: median opened → first non-author, non-bot review, over PRs opened in the period. */
export function reviewPickupTime(prs: PrRow[], p: Period): MetricValue {
  // PRs opened in [from, to) only: the agent/human split below must cover the same PRs as the headline
  const picked = prs.filter((r) => !r.bot && r.firstReviewAt !== null && r.localDate >= p.from && r.localDate < p.to);
  const events = picked.map((r) => ({ localDate: r.localDate, seconds: Math.max(0, seconds(r.createdAt, r.firstReviewAt!)) }));
  const m = durationMetric(events, p);
  return {
    ...m,
    unit: 'seconds',
    split: {
      agent: summariseDurations(picked.filter((r) => r.agent).map((r) => Math.max(0, seconds(r.createdAt, r.firstReviewAt!)))),
      human: summariseDurations(picked.filter((r) => !r.agent).map((r) => Math.max(0, seconds(r.createdAt, r.firstReviewAt!)))),
    },
  };
}

function shares(rows: ReviewDayRow[]): { top: number | null; practiceLead: number | null; total: number } {
  const total = rows.reduce((s, r) => s + r.n, 0);
  if (total === 0) return { top: null, practiceLead: null, total: 0 };
  const byReviewer = new Map<string, number>();
  let pl = 0;
  for (const r of rows) {
    byReviewer.set(r.reviewer, (byReviewer.get(r.reviewer) ?? 0) + r.n);
    if (r.practiceLead) pl += r.n;
  }
  return { top: Math.max(...byReviewer.values()) / total, practiceLead: pl / total, total };
}

/**
 * `review_concentration`: share of the scope's counted reviews (no self-reviews, no bots) done
 * by its single most active reviewer; `practice_lead_review_share` alongside.
 */
export function reviewConcentration(rows: ReviewDayRow[], p: Period): MetricValue {
  const within = rows.filter((r) => r.localDate >= p.from && r.localDate < p.to);
  const s = shares(within);
  const byBucket = new Map<string, ReviewDayRow[]>(buckets(p).map((b) => [b, []]));
  for (const r of within) byBucket.get(bucketStart(r.localDate, p.interval))?.push(r);
  return {
    value: s.top,
    unit: 'ratio',
    sampleSize: s.total,
    practice_lead_review_share: s.practiceLead,
    series: [...byBucket].map(([start, rs]) => {
      const b = shares(rs);
      return { start, value: b.top, sampleSize: b.total };
    }),
  };
}

/** `out_of_hours_commit_rate`: share of human commits authored outside working hours. */
export function outOfHoursCommitRate(days: CommitDayRow[], p: Period): MetricValue {
  const within = days.filter((d) => d.localDate >= p.from && d.localDate < p.to);
  const total = within.reduce((s, d) => s + d.total, 0);
  const ooh = within.reduce((s, d) => s + d.outOfHours, 0);
  const byBucket = new Map<string, { total: number; ooh: number }>(buckets(p).map((b) => [b, { total: 0, ooh: 0 }]));
  for (const d of within) {
    const b = byBucket.get(bucketStart(d.localDate, p.interval));
    if (b) {
      b.total += d.total;
      b.ooh += d.outOfHours;
    }
  }
  return {
    value: total ? ooh / total : null,
    unit: 'ratio',
    sampleSize: total,
    series: [...byBucket].map(([start, b]) => ({ start, value: b.total ? b.ooh / b.total : null, sampleSize: b.total })),
  };
}
