import { describe, expect, it } from '@jest/globals';
import { eventColumns, flattenEventRow, formatEventCell } from './eventCells';

describe('event rows', () => {
  it('flattens one level of nesting and collects columns in order', () => {
    const rows = [
      flattenEventRow({ id: 'd1', deployment: { service: 'api', finishedAt: '2026-11-02T10:00:00Z' } }),
      flattenEventRow({ id: 'd2', rule: 'production' }),
    ];
    expect(eventColumns(rows)).toEqual([
      { key: 'id', header: 'Id' },
      { key: 'deployment.service', header: 'Deployment › Service' },
      { key: 'deployment.finishedAt', header: 'Deployment › Finished at' },
      { key: 'rule', header: 'Rule' },
    ]);
  });

  it('names duration columns without their unit', () => {
    expect(eventColumns([{ leadTimeSeconds: 1, seconds: 2 }]).map((c) => c.header)).toEqual([
      'Lead time',
      'Seconds',
    ]);
  });

  it('formats timestamps in the org time zone, durations and missing values', () => {
    expect(formatEventCell('2026-11-02T23:30:00Z', 'finishedAt', 'Europe/Berlin')).toEqual({
      text: '3 Nov 2026, 00:30',
      title: '2026-11-02T23:30:00Z',
    });
    expect(formatEventCell(12_000, 'durationSeconds', 'UTC').text).toBe('3 h 20 m');
    expect(formatEventCell(null, 'sha', 'UTC').text).toBe('—');
    expect(formatEventCell(true, 'rollback', 'UTC').text).toBe('Yes');
  });
});
