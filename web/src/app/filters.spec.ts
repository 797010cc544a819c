import { describe, expect, it } from '@jest/globals';
import { detectPreset, parseFilters, presetPeriod, recentMonths, withFilters } from './filters';

const today = '2026-11-23';

describe('presetPeriod', () => {
  it('ends rolling presets with today (to is exclusive)', () => {
    expect(presetPeriod('last-4-weeks', today)).toEqual({ from: '2026-10-27', to: '2026-11-24' }); // 28 days
    expect(presetPeriod('last-3-months', today)).toEqual({ from: '2026-08-24', to: '2026-11-24' });
    expect(presetPeriod('last-6-months', today)).toEqual({ from: '2026-05-24', to: '2026-11-24' });
  });

  it('covers a whole calendar month', () => {
    expect(presetPeriod('month:2026-02', today)).toEqual({ from: '2026-02-01', to: '2026-03-01' });
    expect(presetPeriod('month:2025-12', today)).toEqual({ from: '2025-12-01', to: '2026-01-01' });
  });
});

describe('detectPreset', () => {
  it('recognises presets and calendar months, else custom', () => {
    expect(detectPreset(presetPeriod('last-6-months', today), today)).toBe('last-6-months');
    expect(detectPreset({ from: '2026-10-01', to: '2026-11-01' }, today)).toBe('month:2026-10');
    expect(detectPreset({ from: '2026-10-03', to: '2026-11-01' }, today)).toBe('custom');
  });
});

describe('parseFilters', () => {
  it('defaults to the last 3 months, weekly, whole org', () => {
    expect(parseFilters(new URLSearchParams(''), today)).toEqual({
      from: '2026-08-24',
      to: '2026-11-24',
      interval: 'week',
      scope: 'org',
    });
  });

  it('reads valid params', () => {
    const params = new URLSearchParams('from=2026-01-01&to=2026-02-01&interval=month&scope=squad:payments');
    expect(parseFilters(params, today)).toEqual({
      from: '2026-01-01',
      to: '2026-02-01',
      interval: 'month',
      scope: 'squad:payments',
    });
  });

  it('falls back per param on invalid input', () => {
    const params = new URLSearchParams('from=2026-02-01&to=2026-01-01&interval=day&scope=team:x');
    expect(parseFilters(params, today)).toEqual({
      from: '2026-08-24',
      to: '2026-11-24',
      interval: 'week',
      scope: 'org',
    });
  });
});

describe('parseFilters default scope', () => {
  it("uses the user's own scope when the URL has none", () => {
    expect(parseFilters(new URLSearchParams(''), today, 'group:payments').scope).toBe('group:payments');
    expect(parseFilters(new URLSearchParams('scope=squad:x'), today, 'group:payments').scope).toBe('squad:x');
  });
});

describe('withFilters', () => {
  it('sets only the patched params and keeps the others', () => {
    const current = new URLSearchParams('from=2026-01-01&to=2026-02-01&other=1');
    expect(withFilters(current, { scope: 'group:core' })).toBe(
      '?from=2026-01-01&to=2026-02-01&other=1&scope=group%3Acore',
    );
  });
});

describe('recentMonths', () => {
  it('lists months newest first, the current one included', () => {
    expect(recentMonths(today, 3)).toEqual(['2026-11', '2026-10', '2026-09']);
  });
});
