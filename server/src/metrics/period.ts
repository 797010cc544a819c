import type { Interval } from '@bearing/shared';
import { invalidField } from '../common/errors.js';

/** A half-open period [from, to) of local dates (YYYY-MM-DD) in the org time zone. */
export interface Period {
  from: string;
  to: string;
  interval: Interval;
  timeZone: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function parseDate(value: string | undefined, field: string): string {
  if (value === undefined || value === '') throw invalidField(field, 'is required (YYYY-MM-DD)');
  const m = DATE.exec(value);
  if (!m) throw invalidField(field, 'must be a date YYYY-MM-DD');
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (toDateString(d) !== value) throw invalidField(field, 'is not a valid calendar date');
  return value;
}

export function toDateString(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Days between two local dates (calendar arithmetic on UTC midnights, so DST cannot skew it). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function addDays(date: string, days: number): string {
  return toDateString(new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS));
}

/** The Monday on or before a local date (ISO weeks). */
export function weekStart(date: string): string {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(date, -((dow + 6) % 7));
}

export function monthStart(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

export function bucketStart(date: string, interval: Interval): string {
  return interval === 'week' ? weekStart(date) : monthStart(date);
}

function nextBucket(start: string, interval: Interval): string {
  if (interval === 'week') return addDays(start, 7);
  const [y, m] = start.split('-').map(Number) as [number, number];
  return toDateString(new Date(Date.UTC(y, m, 1)));
}

/** Bucket starts covering [from, to): the first may start before `from` (a partial bucket). */
export function buckets(period: Pick<Period, 'from' | 'to' | 'interval'>): string[] {
  const out: string[] = [];
  for (let b = bucketStart(period.from, period.interval); b < period.to; b = nextBucket(b, period.interval)) out.push(b);
  return out;
}

/**
 * The period cut at its bucket boundaries: one sub-period per bucket, [bucket start, next
 * bucket start) clipped to [from, to), with the same interval and zone.
 */
export function subPeriods(period: Period): Period[] {
  return buckets(period).map((start) => ({
    ...period,
    from: start < period.from ? period.from : start,
    to: nextBucket(start, period.interval) < period.to ? nextBucket(start, period.interval) : period.to,
  }));
}

export const MAX_PERIOD_DAYS = 3 * 366;

export function parsePeriod(
  q: { from?: string; to?: string; interval?: string },
  timeZone: string,
): Period {
  const from = parseDate(q.from, 'from');
  const to = parseDate(q.to, 'to');
  if (to <= from) throw invalidField('to', 'must be after from');
  if (daysBetween(from, to) > MAX_PERIOD_DAYS) throw invalidField('to', `the period must be at most ${MAX_PERIOD_DAYS} days`);
  const interval = q.interval ?? 'week';
  if (interval !== 'week' && interval !== 'month') throw invalidField('interval', "must be 'week' or 'month'");
  return { from, to, interval, timeZone };
}

/** Interpolated percentile, as PostgreSQL's percentile_cont. Null for an empty sample. */
export function percentileCont(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
