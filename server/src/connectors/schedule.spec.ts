import { backoffMs, cronIntervalMs, cronProblem, nextRun } from './schedule.js';

describe('source schedules', () => {
  it('validates cron expressions', () => {
    expect(cronProblem('*/15 * * * *')).toBeNull();
    expect(cronProblem('0 3 * * 1-5')).toBeNull();
    expect(cronProblem('every hour')).toMatch(/cron/);
    expect(cronProblem('61 * * * *')).toMatch(/not a valid cron/);
  });

  it('computes the next run strictly after a time, in a zone', () => {
    expect(nextRun('*/15 * * * *', new Date('2026-03-01T10:07:00Z'), 'UTC').toISOString()).toBe('2026-03-01T10:15:00.000Z');
    expect(nextRun('*/15 * * * *', new Date('2026-03-01T10:15:00Z'), 'UTC').toISOString()).toBe('2026-03-01T10:30:00.000Z');
    // 03:00 in Paris (UTC+1 in March before DST) is 02:00Z
    expect(nextRun('0 3 * * *', new Date('2026-03-01T10:00:00Z'), 'Europe/Paris').toISOString()).toBe('2026-03-02T02:00:00.000Z');
  });

  it('backs off 1 min × 2^(n−1), capped at the cron interval', () => {
    const hourly = cronIntervalMs('0 * * * *', new Date('2026-03-01T10:07:00Z'), 'UTC');
    expect(hourly).toBe(3_600_000);
    // 1, 2, 4, 8, 16, 32 min, then capped at 60 min
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffMs(n, hourly) / 60_000)).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
  });
});
