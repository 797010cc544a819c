import type { GroupSummary, ReportView, ScopeParam, SquadSummary } from '@bearing/shared';
import { isScopeVisible, scopeLabel } from '../org/scope';

export interface ScopeOption {
  value: ScopeParam;
  label: string;
}

/**
 * Scopes the caller may generate a review for: the org (org-wide callers), then groups, then
 * squads, each alphabetical. `readable` is `/me`'s scopes (null while unknown: org-wide
 * assumed, the server still checks).
 */
export function reviewScopeOptions(
  squads: readonly SquadSummary[],
  groups: readonly GroupSummary[],
  readable: readonly string[] | null,
  orgName?: string,
): ScopeOption[] {
  const context = { orgName, squads, groups };
  const candidates: ScopeParam[] = [
    'org',
    ...[...groups].sort((a, b) => a.name.localeCompare(b.name)).map((g) => `group:${g.key}`),
    ...[...squads].sort((a, b) => a.name.localeCompare(b.name)).map((s) => `squad:${s.key}`),
  ];
  return candidates
    .filter((scope) => isScopeVisible(scope, squads, groups, readable))
    .map((value) => ({ value, label: scopeLabel(value, context) }));
}

/** The last `count` months before `today` (YYYY-MM, newest first): complete months to review. */
export function reviewMonths(today: string, count = 12): string[] {
  let y = Number(today.slice(0, 4));
  let m = Number(today.slice(5, 7));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
    out.push(`${y}-${String(m).padStart(2, '0')}`);
  }
  return out;
}

/** "October 2026" */
export function monthLabel(month: string): string {
  const d = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1));
  return new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/** "12 kB", "1.4 MB", "–" */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '–';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

const STATUS_LABELS: Record<ReportView['status'], string> = {
  pending: 'Waiting',
  running: 'Generating…',
  ready: 'Ready',
  failed: 'Failed',
};

export function reportStatusLabel(status: ReportView['status']): string {
  return STATUS_LABELS[status];
}

/** Rows grouped by month (newest first), keeping the server's order inside a month. */
export function groupByMonth(rows: readonly ReportView[]): { month: string; rows: ReportView[] }[] {
  const out: { month: string; rows: ReportView[] }[] = [];
  for (const row of [...rows].sort((a, b) => (a.month < b.month ? 1 : a.month > b.month ? -1 : 0))) {
    const last = out[out.length - 1];
    if (last && last.month === row.month) last.rows.push(row);
    else out.push({ month: row.month, rows: [row] });
  }
  return out;
}
