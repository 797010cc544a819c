import type { DoraTier, MetricValue } from '@bearing/shared';
import { type Period, bucketStart, buckets, daysBetween, percentileCont } from './period.js';

/** A successful production deployment, with its finish date in the org time zone. */
export interface DeploymentDay {
  id: string;
  /** YYYY-MM-DD of `finishedAt` in the org time zone */
  localDate: string;
}

export interface DeploymentFrequencyValue extends MetricValue {
  deploymentDays: number;
  perWeek: number;
}

/**
 * Tier from the median of weekly deployment days (DORA 2023 edges): elite ≥ 5 (on demand),
 * high ≥ 1 (weekly); medium when the median of monthly deployment days ≥ 1; else low.
 * No tier when there is no deployment at all.
 */
export function deploymentFrequencyTier(days: string[], period: Pick<Period, 'from' | 'to'>): DoraTier | null {
  if (days.length === 0) return null;
  const distinct = new Set(days);
  const perBucket = (interval: 'week' | 'month') => {
    const counts = new Map<string, number>(buckets({ ...period, interval }).map((b) => [b, 0]));
    for (const d of distinct) {
      const b = bucketStart(d, interval);
      counts.set(b, (counts.get(b) ?? 0) + 1);
    }
    return [...counts.values()];
  };
  const weekly = percentileCont(perBucket('week'), 0.5)!;
  if (weekly >= 5) return 'elite';
  if (weekly >= 1) return 'high';
  const monthly = percentileCont(perBucket('month'), 0.5)!;
  return monthly >= 1 ? 'medium' : 'low';
}

/**
 * `deployment_frequency`: successful production deployments finished in [from, to), with the
 * distinct deployment days and the count per week (count ÷ weeks in the period).
 */
export function deploymentFrequency(deployments: DeploymentDay[], period: Period): DeploymentFrequencyValue {
  const inPeriod = deployments.filter((d) => d.localDate >= period.from && d.localDate < period.to);
  const series = new Map<string, { value: number; days: Set<string> }>(
    buckets(period).map((b) => [b, { value: 0, days: new Set<string>() }]),
  );
  for (const d of inPeriod) {
    const point = series.get(bucketStart(d.localDate, period.interval))!;
    point.value++;
    point.days.add(d.localDate);
  }
  const days = inPeriod.map((d) => d.localDate);
  const weeks = daysBetween(period.from, period.to) / 7;
  return {
    value: inPeriod.length,
    unit: 'count',
    sampleSize: inPeriod.length,
    tier: deploymentFrequencyTier(days, period),
    deploymentDays: new Set(days).size,
    perWeek: Math.round((inPeriod.length / weeks) * 100) / 100,
    series: [...series.entries()].map(([start, p]) => ({ start, value: p.value, sampleSize: p.value })),
  };
}
