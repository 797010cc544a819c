import { addDays, addMonths, daysBetween, type IsoDate } from '../../lib/dates';
import { formatDuration, formatNumber, formatPercent } from '../../lib/format';
import type { Better, MetricDef } from './metricDefs';

export interface Period {
  from: IsoDate;
  to: IsoDate;
}

/**
 * The period of equal length just before `period` (both half-open). Whole calendar months
 * compare with the same number of months before (October with September); any other
 * period with the same number of days before it.
 */
export function previousPeriod(period: Period): Period {
  const { from, to } = period;
  if (from.endsWith('-01') && to.endsWith('-01')) {
    const months =
      (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
      (Number(to.slice(5, 7)) - Number(from.slice(5, 7)));
    if (months > 0) return { from: addMonths(from, -months), to: from };
  }
  return { from: addDays(from, -daysBetween(from, to)), to: from };
}

export type DeltaDirection = 'up' | 'down' | 'same';
export type Verdict = 'better' | 'worse' | 'same';

export interface Delta {
  current: number | null;
  previous: number | null;
  /** current − previous; null when either is missing (no data is not zero) */
  change: number | null;
  /** change ÷ |previous|; null when previous is 0 or missing */
  relative: number | null;
  direction: DeltaDirection | null;
  verdict: Verdict | null;
}

/**
 * The change between two periods and whether it is an improvement: for durations and
 * rates lower is better, for deployment frequency higher. Differences within `sameWithin`
 * count as no change.
 */
export function computeDelta(
  current: number | null,
  previous: number | null,
  better: Better,
  sameWithin = 0,
): Delta {
  if (current === null || previous === null) {
    return { current, previous, change: null, relative: null, direction: null, verdict: null };
  }
  const change = current - previous;
  const relative = previous === 0 ? null : change / Math.abs(previous);
  if (Math.abs(change) <= sameWithin) {
    return { current, previous, change, relative, direction: 'same', verdict: 'same' };
  }
  const direction: DeltaDirection = change > 0 ? 'up' : 'down';
  const improved = better === 'higher' ? change > 0 : change < 0;
  return { current, previous, change, relative, direction, verdict: improved ? 'better' : 'worse' };
}

/** The size of a change in the metric's unit: "2 h 5 m", "1.2 pp", "3.1 / week" ("3.1" compact). */
export function formatChange(def: Pick<MetricDef, 'unit'>, change: number, compact = false): string {
  const size = Math.abs(change);
  switch (def.unit) {
    case 'seconds':
      return formatDuration(size);
    case 'ratio':
      return `${formatNumber(size * 100, 1)} pp`;
    case 'perWeek':
      return compact ? formatNumber(size, 1) : `${formatNumber(size, 1)} / week`;
    case 'count':
      return formatNumber(size, 0);
  }
}

export interface DeltaText {
  /** ▲ ▼ or = (the arrow is never the only carrier: `verdictText` says it in words) */
  symbol: '▲' | '▼' | '=' | '';
  /** "2 h 5 m", or "no change", or "—" without a comparison */
  amount: string;
  /** "better" / "worse" / "" */
  verdictText: string;
  /** a full sentence for screen readers and tooltips */
  description: string;
}

/** How a delta reads in a cell: "▲ 2 h 5 m worse", described in full for assistive tech. */
export function describeDelta(
  def: Pick<MetricDef, 'unit'>,
  delta: Delta,
  formatValue: (value: number | null) => string,
  compact = false,
): DeltaText {
  if (delta.change === null || delta.direction === null) {
    return {
      symbol: '',
      amount: '—',
      verdictText: '',
      description:
        delta.current === null
          ? 'No data in this period to compare.'
          : 'No data in the previous period to compare with.',
    };
  }
  const before = formatValue(delta.previous);
  if (delta.direction === 'same') {
    return {
      symbol: '=',
      amount: 'no change',
      verdictText: '',
      description: `No change from ${before} in the previous period.`,
    };
  }
  const amount = formatChange(def, delta.change, compact);
  const full = compact ? formatChange(def, delta.change) : amount;
  const relative =
    delta.relative === null ? '' : ` (${delta.relative > 0 ? '+' : '−'}${formatPercent(Math.abs(delta.relative), 0)})`;
  const verb = delta.direction === 'up' ? 'Up' : 'Down';
  const verdictText = delta.verdict === 'better' ? 'better' : 'worse';
  return {
    symbol: delta.direction === 'up' ? '▲' : '▼',
    amount,
    verdictText,
    description: `${verb} ${full}${relative} from ${before} in the previous period: ${verdictText}.`,
  };
}
