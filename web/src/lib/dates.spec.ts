import { describe, expect, it } from '@jest/globals';
import { addDays, addMonths, isIsoDate, isoDayOfWeek, todayInTimeZone } from './dates';

describe('dates', () => {
  it('validates YYYY-MM-DD', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-2-3')).toBe(false);
    expect(isIsoDate(null)).toBe(false);
  });

  it('adds days across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('adds months, clamping the day', () => {
    expect(addMonths('2026-11-24', -3)).toBe('2026-08-24');
    expect(addMonths('2026-05-31', -3)).toBe('2026-02-28');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
  });

  it('numbers ISO weekdays from Monday', () => {
    expect(isoDayOfWeek('2026-11-23')).toBe(1); // a Monday
    expect(isoDayOfWeek('2026-11-22')).toBe(7); // a Sunday
  });

  it('takes today in the org time zone', () => {
    const now = new Date('2026-11-23T23:30:00Z');
    expect(todayInTimeZone('UTC', now)).toBe('2026-11-23');
    expect(todayInTimeZone('Europe/Berlin', now)).toBe('2026-11-24'); // UTC+1
    expect(todayInTimeZone('America/New_York', now)).toBe('2026-11-23');
    expect(todayInTimeZone('Not/AZone', now)).toBe('2026-11-23'); // falls back to UTC
  });
});
