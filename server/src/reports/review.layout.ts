import type { MetricKey } from '@bearing/shared';
import { NOT_AVAILABLE, formatTarget, formatValue, metricLabel, tierLabel } from './review.format.js';
import type { ReviewCell, ReviewData, ReviewRow } from './review.model.js';

/** Columns of the summary tables: label, value, previous month, 3-month average, tier, target. */
export const SUMMARY_COLUMNS = ['', 'Value', 'Previous month', '3-month avg', 'DORA tier', 'Target'] as const;

export type SummaryLine = [string, string, string, string, string, string];

function cellLine(label: string, c: ReviewCell | undefined): SummaryLine {
  if (!c || !c.available) return [label, NOT_AVAILABLE, '', '', '', ''];
  return [label, formatValue(c.unit, c.value), formatValue(c.unit, c.previous), formatValue(c.unit, c.threeMonthAvg), tierLabel(c.tier), formatTarget(c.unit, c.target)];
}

/** The roll-up of the review's scope: one line per headline metric. */
export function rollupLines(review: ReviewData): SummaryLine[] {
  const row = review.rows[0]!;
  return row.cells.map((c) => cellLine(metricLabel(c.metric), c));
}

/**
 * One headline metric across the scope: the roll-up first, then groups, then squads (each
 * alphabetical). A squad review has only its own line.
 */
export function metricLines(review: ReviewData, metric: MetricKey): SummaryLine[] {
  const rank = { org: 0, group: 1, squad: 2 } as const;
  const [first, ...rest] = review.rows;
  const ordered: ReviewRow[] = [first!, ...[...rest].sort((a, b) => rank[a.kind] - rank[b.kind] || a.scopeName.localeCompare(b.scopeName))];
  return ordered.map((row) => {
    const label = row.kind === 'group' && row !== first ? `${row.scopeName} (group)` : row === first && review.rows.length > 1 ? `${row.scopeName} (all)` : row.scopeName;
    return cellLine(label, row.cells.find((c) => c.metric === metric));
  });
}

/** Splits lines into pages of at most `perPage` lines (tables repeat their header on each page). */
export function paginate<T>(lines: readonly T[], perPage: number): T[][] {
  if (perPage < 1) throw new RangeError('perPage must be at least 1');
  const pages: T[][] = [];
  for (let i = 0; i < lines.length; i += perPage) pages.push(lines.slice(i, i + perPage));
  return pages.length ? pages : [[]];
}
