import type { ReviewData } from './review.model.js';

export const CSV_COLUMNS = [
  'scope',
  'scope_name',
  'month',
  'metric',
  'value',
  'unit',
  'sample_size',
  'previous_month',
  'three_month_avg',
  'tier',
  'target_op',
  'target_value',
  'target_met',
] as const;

type Cell = string | number | boolean | null;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. Text starting
 * with = + - @ (or a tab/carriage return) is prefixed with ' so a spreadsheet does not run it as
 * a formula; numbers are written as they are (a negative number is not a formula).
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly Cell[]): string {
  return cells.map(csvField).join(',');
}

/**
 * The review as CSV: one row per scope (roll-up first, then groups and squads) × computed
 * headline metric, with the raw API numbers (seconds, ratios 0–1, counts). Metrics the engine
 * does not compute yet are left out. CRLF line ends, header first.
 */
export function reviewCsv(review: ReviewData): string {
  const lines = [csvLine(CSV_COLUMNS)];
  for (const row of review.rows) {
    for (const c of row.cells) {
      if (!c.available) continue;
      lines.push(
        csvLine([
          row.scope,
          row.scopeName,
          review.month,
          c.metric,
          c.value,
          c.unit,
          c.sampleSize,
          c.previous,
          c.threeMonthAvg,
          c.tier,
          c.target?.op ?? null,
          c.target?.value ?? null,
          c.target ? c.target.met : null,
        ]),
      );
    }
  }
  return lines.join('\r\n') + '\r\n';
}
