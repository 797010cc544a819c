import { deploymentFrequencyTier } from './deployment-frequency.js';
import { changeFailureTier, leadTimeTier, recoveryTier } from './tiers.js';

/**
 * DORA 2023 tier edges (metrics.md, "Tiers"): lead time elite < 1 day, high < 1 week,
 * medium < 30 days; recovery elite < 1 h, high < 1 day, medium < 1 week; change failure rate
 * elite ≤ 5 %, high ≤ 10 %, medium ≤ 15 %; deployment frequency from the median of weekly
 * deployment days (elite ≥ 5, high ≥ 1), else median monthly deployment days ≥ 1 → medium.
 * Each edge is tested exactly on it and one unit below/above it.
 */

const HOUR = 3_600;
const DAY = 86_400;

describe('lead time tier', () => {
  it('is elite just under 1 day and high at exactly 1 day', () => {
    expect(leadTimeTier(DAY - 1)).toBe('elite'); // 86 399 s < 86 400 s
    expect(leadTimeTier(DAY)).toBe('high'); // 86 400 s is not < 1 day
  });

  it('is high just under 1 week and medium at exactly 1 week', () => {
    expect(leadTimeTier(7 * DAY - 1)).toBe('high'); // 604 799 s
    expect(leadTimeTier(7 * DAY)).toBe('medium'); // 604 800 s
  });

  it('is medium just under 30 days and low at exactly 30 days', () => {
    expect(leadTimeTier(30 * DAY - 1)).toBe('medium'); // 2 591 999 s
    expect(leadTimeTier(30 * DAY)).toBe('low'); // 2 592 000 s
  });

  it('has no tier for an empty sample', () => {
    expect(leadTimeTier(null)).toBeNull();
  });
});

describe('recovery tier (failed deployment recovery time, time to restore)', () => {
  it('is elite just under 1 hour and high at exactly 1 hour', () => {
    expect(recoveryTier(HOUR - 1)).toBe('elite'); // 3 599 s
    expect(recoveryTier(HOUR)).toBe('high'); // 3 600 s
  });

  it('is high just under 1 day and medium at exactly 1 day', () => {
    expect(recoveryTier(DAY - 1)).toBe('high');
    expect(recoveryTier(DAY)).toBe('medium');
  });

  it('is medium just under 1 week and low at exactly 1 week', () => {
    expect(recoveryTier(7 * DAY - 1)).toBe('medium');
    expect(recoveryTier(7 * DAY)).toBe('low');
  });

  it('has no tier for an empty sample', () => {
    expect(recoveryTier(null)).toBeNull();
  });
});

describe('change failure rate tier', () => {
  it('is elite at exactly 5 % and high just above', () => {
    expect(changeFailureTier(1 / 20)).toBe('elite'); // 1 failed of 20 = 5 %
    expect(changeFailureTier(1 / 19)).toBe('high'); // 5.26 %
  });

  it('is high at exactly 10 % and medium just above', () => {
    expect(changeFailureTier(2 / 20)).toBe('high'); // 10 %
    expect(changeFailureTier(2 / 19)).toBe('medium'); // 10.53 %
  });

  it('is medium at exactly 15 % and low just above', () => {
    expect(changeFailureTier(3 / 20)).toBe('medium'); // 15 %
    expect(changeFailureTier(3 / 19)).toBe('low'); // 15.79 %
  });

  it('is elite at 0 % and has no tier for an empty sample', () => {
    expect(changeFailureTier(0)).toBe('elite');
    expect(changeFailureTier(null)).toBeNull();
  });
});

describe('deployment frequency tier', () => {
  // two full ISO weeks, both in March 2026
  const twoWeeks = { from: '2026-03-02', to: '2026-03-16' };
  const days = (...d: string[]) => d.map((x) => `2026-03-${x}`);

  it('is elite when the median of weekly deployment days is exactly 5', () => {
    // weeks [5, 5] distinct days → median 5 ≥ 5
    expect(deploymentFrequencyTier(days('02', '03', '04', '05', '06', '09', '10', '11', '12', '13'), twoWeeks)).toBe('elite');
  });

  it('is high when the weekly median is just under 5', () => {
    // weeks [5, 4] → median 4.5 < 5, ≥ 1
    expect(deploymentFrequencyTier(days('02', '03', '04', '05', '06', '09', '10', '11', '12'), twoWeeks)).toBe('high');
  });

  it('counts deployment days, not deployments: five deployments on one day a week is high, not elite', () => {
    // weeks [1, 1] distinct days (10 deployments) → median 1 → high
    expect(deploymentFrequencyTier(days('03', '03', '03', '03', '03', '10', '10', '10', '10', '10'), twoWeeks)).toBe('high');
  });

  it('is high when the weekly median is exactly 1', () => {
    // weeks [1, 1] → median 1 ≥ 1
    expect(deploymentFrequencyTier(days('04', '11'), twoWeeks)).toBe('high');
  });

  it('falls to the monthly median when the weekly median is just under 1: monthly exactly 1 is medium', () => {
    // weeks [1, 0] → median 0.5 < 1; months [March: 1] → median 1 ≥ 1 → medium
    expect(deploymentFrequencyTier(days('04'), twoWeeks)).toBe('medium');
  });

  it('is medium when the monthly median is exactly 1 over two months', () => {
    // Jan + Feb 2026: weekly days median 0 (2 of 9 weeks); months [1, 1] → median 1 → medium
    expect(deploymentFrequencyTier(['2026-01-14', '2026-02-11'], { from: '2026-01-01', to: '2026-03-01' })).toBe('medium');
  });

  it('is low when the monthly median is just under 1', () => {
    // months [1, 0] → median 0.5 < 1 → low
    expect(deploymentFrequencyTier(['2026-01-14'], { from: '2026-01-01', to: '2026-03-01' })).toBe('low');
  });

  it('has no tier without any deployment', () => {
    expect(deploymentFrequencyTier([], twoWeeks)).toBeNull();
  });
});
