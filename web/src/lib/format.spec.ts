import { describe, expect, it } from '@jest/globals';
import { formatDuration, formatPercent, formatPeriod, humanizeKey, plural } from './format';

describe('formatDuration', () => {
  it.each([
    [12_000, '3 h 20 m'], // 3 × 3600 + 20 × 60
    [3_600, '1 h'],
    [90_061, '1 d 1 h'], // 86400 + 3600 + 61 → rounded to hours
    [45, '45 s'],
    [90, '1 m 30 s'],
    [0, '0 s'],
    [3_599.6, '1 h'], // rounds to 3600 s, then shows hours
    [7_199, '2 h'], // 1 h 59.98 m → rounds to 120 m
    [172_800, '2 d'],
  ])('%p s → %p', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });

  it('shows a dash for a missing value (empty is not zero)', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
  });
});

describe('formatPeriod', () => {
  it('shows the half-open period as the days it covers', () => {
    expect(formatPeriod('2026-08-24', '2026-11-24')).toBe('24 Aug – 23 Nov 2026');
    expect(formatPeriod('2026-11-01', '2026-12-01')).toBe('1 – 30 Nov 2026');
    expect(formatPeriod('2025-12-15', '2026-01-15')).toBe('15 Dec 2025 – 14 Jan 2026');
    expect(formatPeriod('2026-03-02', '2026-03-03')).toBe('2 Mar 2026');
  });
});

describe('humanizeKey', () => {
  it('turns API keys into headers', () => {
    expect(humanizeKey('finishedAt')).toBe('Finished at');
    expect(humanizeKey('deployment_id')).toBe('Deployment id');
  });
});

describe('formatPercent', () => {
  it('shows ratios as percentages with one decimal at most', () => {
    expect(formatPercent(0.0437)).toBe('4.4%'); // 4.37 % → one decimal
    expect(formatPercent(0.05)).toBe('5%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(null)).toBe('—');
  });

  it('pluralises counts', () => {
    expect(plural(1, 'change')).toBe('1 change');
    expect(plural(1200, 'change')).toBe('1,200 changes');
  });
});
