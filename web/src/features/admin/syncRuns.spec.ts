import type { SyncRunView } from '@bearing/shared';
import { describe, expect, it } from '@jest/globals';
import { toCsv } from '../../lib/csv';
import { recordsText, syncRunCsvColumns } from './syncRuns';

const run: SyncRunView = {
  id: 'run-7',
  sourceId: 'src-1',
  sourceName: 'Acme GitHub',
  trigger: 'manual',
  status: 'succeeded',
  startedAt: '2026-11-20T10:00:00Z',
  finishedAt: '2026-11-20T10:01:30Z',
  cursorBefore: { since: '2026-11-20T09:45:00Z' },
  cursorAfter: { since: '2026-11-20T10:00:00Z' },
  recordsByType: { pull_request: 120, deployment: 3, review: 0 },
  error: null,
};

describe('sync runs', () => {
  it('reads records largest first, leaving zeros out', () => {
    expect(recordsText(run.recordsByType)).toBe('pull request: 120, deployment: 3');
    expect(recordsText({})).toBe('none');
  });
  it('exports the total of records', () => {
    expect(toCsv(syncRunCsvColumns, [run]).split('\r\n')[1]).toBe(
      'run-7,src-1,Acme GitHub,manual,succeeded,2026-11-20T10:00:00Z,2026-11-20T10:01:30Z,123,',
    );
  });
});
