import type { SyncRunView } from '@bearing/shared';
import type { CsvColumn } from '../../lib/csv';
import { formatNumber, humanizeKey } from '../../lib/format';

/** "pull request: 120, deployment: 3" (largest first); "none" when nothing came in. */
export function recordsText(records: SyncRunView['recordsByType']): string {
  const entries = Object.entries(records).filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > 0);
  if (entries.length === 0) return 'none';
  return entries
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([type, n]) => `${humanizeKey(type).toLowerCase()}: ${formatNumber(n, 0)}`)
    .join(', ');
}

export const syncRunCsvColumns: CsvColumn<SyncRunView>[] = [
  { header: 'id', value: (r) => r.id },
  { header: 'source_id', value: (r) => r.sourceId },
  { header: 'source', value: (r) => r.sourceName },
  { header: 'trigger', value: (r) => r.trigger },
  { header: 'status', value: (r) => r.status },
  { header: 'started_at', value: (r) => r.startedAt },
  { header: 'finished_at', value: (r) => r.finishedAt },
  { header: 'records', value: (r) => Object.values(r.recordsByType).reduce<number>((s, n) => s + (n ?? 0), 0) },
  { header: 'error', value: (r) => r.error },
];
