import type { SeriesPoint } from '@bearing/shared';
import { type Period, bucketStart, buckets, percentileCont } from '../period.js';

/**
 * Pure aggregation helpers shared by the metrics. Events carry their local date (org time
 * zone) of completion; only events inside [from, to) count. Empty samples give null, never 0.
 */

export interface DurationEvent {
  localDate: string;
  seconds: number;
}

export interface FlagEvent {
  localDate: string;
  hit: boolean;
}

const inPeriod = <T extends { localDate: string }>(events: T[], p: Period) =>
  events.filter((e) => e.localDate >= p.from && e.localDate < p.to);

function grouped<T extends { localDate: string }>(events: T[], p: Period): Map<string, T[]> {
  const m = new Map<string, T[]>(buckets(p).map((b) => [b, []]));
  for (const e of events) m.get(bucketStart(e.localDate, p.interval))?.push(e);
  return m;
}

export interface DurationSummary {
  value: number | null;
  p90: number | null;
  sampleSize: number;
}

export function summariseDurations(values: number[]): DurationSummary {
  return { value: percentileCont(values, 0.5), p90: percentileCont(values, 0.9), sampleSize: values.length };
}

/** Median and p90 overall, median per bucket. */
export function durationMetric(events: DurationEvent[], p: Period): DurationSummary & { series: SeriesPoint[] } {
  const within = inPeriod(events, p);
  return {
    ...summariseDurations(within.map((e) => e.seconds)),
    series: [...grouped(within, p)].map(([start, es]) => ({ start, value: percentileCont(es.map((e) => e.seconds), 0.5), sampleSize: es.length })),
  };
}

/** Share of events that hit; null when there is no event. */
export function rateMetric(events: FlagEvent[], p: Period): { value: number | null; sampleSize: number; hits: number; series: SeriesPoint[] } {
  const within = inPeriod(events, p);
  const hits = within.filter((e) => e.hit).length;
  return {
    value: within.length ? hits / within.length : null,
    sampleSize: within.length,
    hits,
    series: [...grouped(within, p)].map(([start, es]) => ({
      start,
      value: es.length ? es.filter((e) => e.hit).length / es.length : null,
      sampleSize: es.length,
    })),
  };
}

/** Count per bucket. */
export function countMetric(events: { localDate: string }[], p: Period): { value: number; sampleSize: number; series: SeriesPoint[] } {
  const within = inPeriod(events, p);
  return {
    value: within.length,
    sampleSize: within.length,
    series: [...grouped(within, p)].map(([start, es]) => ({ start, value: es.length, sampleSize: es.length })),
  };
}

/** Share of the most frequent key (e.g. the most active reviewer); null when empty. */
export function topShare(keys: string[]): number | null {
  if (keys.length === 0) return null;
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return Math.max(...counts.values()) / keys.length;
}
