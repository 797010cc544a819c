import type { Interval } from '@bearing/shared';
import { isoDayOfWeek, type IsoDate } from '../../lib/dates';
import { formatDate, formatMonth, formatPeriod } from '../../lib/format';

/** Axis tick: "24 Aug" for a week, "Aug 2026" for a month. */
export function bucketTick(start: IsoDate, interval: Interval): string {
  return interval === 'week'
    ? formatDate(start, { withYear: false })
    : formatMonth(start).replace(/^(\w{3})\w*/, '$1');
}

/** Tooltip/table label: "Week of 24 Aug 2026", "August 2026". */
export function bucketLabel(start: IsoDate, interval: Interval): string {
  return interval === 'week' ? `Week of ${formatDate(start)}` : formatMonth(start);
}

export function perBucket(interval: Interval): string {
  return interval === 'week' ? 'per week' : 'per month';
}

export interface CaptionInput {
  /** "Deployments per week" */
  title: string;
  scopeLabel: string;
  from: IsoDate;
  to: IsoDate;
  interval: Interval;
  timeZone: string;
  /** what the line is, e.g. "successful production deployments" */
  definition: string;
  /** e.g. "The dashed line is the target (< 1 d)." */
  note?: string;
}

/**
 * A caption a director can put on a slide: what, for whom, when, and how to read it.
 * "Deployments per week, Platform group, 24 Aug – 23 Nov 2026: successful production
 * deployments. Weeks start on Monday (Europe/Berlin); the first and last weeks are partial."
 */
export function trendCaption(input: CaptionInput): string {
  const { title, scopeLabel, from, to, interval, timeZone, definition, note } = input;
  const partialStart = interval === 'week' ? isoDayOfWeek(from) !== 1 : !from.endsWith('-01');
  const partialEnd = interval === 'week' ? isoDayOfWeek(to) !== 1 : !to.endsWith('-01');
  const unit = interval === 'week' ? 'week' : 'month';
  const partial =
    partialStart && partialEnd
      ? `; the first and last ${unit}s are partial`
      : partialStart
        ? `; the first ${unit} is partial`
        : partialEnd
          ? `; the last ${unit} is partial`
          : '';
  const buckets =
    interval === 'week' ? `Weeks start on Monday (${timeZone})` : `Calendar months (${timeZone})`;
  return `${title}, ${scopeLabel}, ${formatPeriod(from, to)}: ${definition}. ${buckets}${partial}.${note ? ` ${note}` : ''}`;
}
