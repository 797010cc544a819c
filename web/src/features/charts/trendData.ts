import type { SeriesPoint } from '@bearing/shared';

/** One line of a trend chart. */
export interface TrendLine {
  /** the row property holding this line's values: `s0`, `s1`, … */
  id: `s${number}`;
  label: string;
}

/** One bucket (week or month): its first day and each line's value (null = no data, a gap). */
export type TrendRow = { start: string } & { [id: `s${number}`]: number | null };

export interface TrendData {
  lines: TrendLine[];
  rows: TrendRow[];
  /** how many non-null values there are (0 → the empty state) */
  points: number;
  /** the largest value, for the axis unit */
  max: number;
}

function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * Lines from metric series: one row per bucket start, in date order, one value per line.
 * A bucket missing from a line, or with a null value (no sample), is a gap, never 0.
 */
export function toTrendData(inputs: ReadonlyArray<{ label: string; series: readonly SeriesPoint[] }>): TrendData {
  const lines: TrendLine[] = [];
  const columns: Array<{ id: `s${number}`; points: Map<string, number | null> }> = [];
  const starts = new Set<string>();
  let points = 0;
  let max = 0;
  for (const input of inputs) {
    const id = `s${lines.length}` as const;
    const values = new Map<string, number | null>();
    for (const point of input.series) {
      const value = finiteOrNull(point.value);
      values.set(point.start, value);
      starts.add(point.start);
      if (value !== null) {
        points += 1;
        max = Math.max(max, value);
      }
    }
    lines.push({ id, label: input.label });
    columns.push({ id, points: values });
  }
  const rows = [...starts].sort().map((start) => {
    const row: TrendRow = { start };
    for (const column of columns) row[column.id] = column.points.get(start) ?? null;
    return row;
  });
  return { lines, rows, points, max };
}

/** How values are drawn on the y axis: seconds as minutes/hours/days, ratios as percent. */
export interface AxisScale {
  /** API value ÷ divisor = axis value */
  divisor: number;
  /** the axis label: "hours", "%", "deployments" */
  unitLabel: string;
  decimals: number;
}

export function axisScaleFor(unit: 'seconds' | 'ratio' | 'count', max: number, countLabel = 'count'): AxisScale {
  if (unit === 'ratio') return { divisor: 0.01, unitLabel: '%', decimals: 1 };
  if (unit === 'count') return { divisor: 1, unitLabel: countLabel, decimals: 1 };
  if (max >= 2 * 86_400) return { divisor: 86_400, unitLabel: 'days', decimals: 1 };
  if (max >= 2 * 3_600) return { divisor: 3_600, unitLabel: 'hours', decimals: 1 };
  if (max >= 120) return { divisor: 60, unitLabel: 'minutes', decimals: 0 };
  return { divisor: 1, unitLabel: 'seconds', decimals: 0 };
}

/** The rows in axis units (values ÷ divisor), for the chart; the tooltip multiplies back. */
export function scaleTrendRows(rows: readonly TrendRow[], lines: readonly TrendLine[], scale: AxisScale): TrendRow[] {
  return rows.map((row) => {
    const scaled: TrendRow = { start: row.start };
    for (const line of lines) {
      const value = row[line.id];
      scaled[line.id] = value === null || value === undefined ? null : value / scale.divisor;
    }
    return scaled;
  });
}
