import { deploymentFrequency, deploymentFrequencyTier } from './deployment-frequency.js';
import type { Period } from './period.js';

const march: Period = { from: '2026-03-02', to: '2026-03-30', interval: 'week', timeZone: 'UTC' }; // 4 full ISO weeks

const deps = (...dates: string[]) => dates.map((localDate, i) => ({ id: `d${i}`, localDate }));

describe('deployment_frequency', () => {
  it('counts deployments, deployment days and the weekly rate; series per ISO week', () => {
    // 5 deployments on 4 distinct days; one on 2026-03-30 is outside [from, to)
    // perWeek = 5 ÷ (28 days / 7) = 1.25
    const v = deploymentFrequency(deps('2026-03-02', '2026-03-02', '2026-03-04', '2026-03-17', '2026-03-29', '2026-03-30'), march);
    expect(v.value).toBe(5);
    expect(v.sampleSize).toBe(5);
    expect(v.deploymentDays).toBe(4);
    expect(v.perWeek).toBe(1.25);
    expect(v.series).toEqual([
      { start: '2026-03-02', value: 3, sampleSize: 3 },
      { start: '2026-03-09', value: 0, sampleSize: 0 },
      { start: '2026-03-16', value: 1, sampleSize: 1 },
      { start: '2026-03-23', value: 1, sampleSize: 1 },
    ]);
  });

  it('is zero (not null) with no deployment, and has no tier', () => {
    const v = deploymentFrequency([], march);
    expect(v.value).toBe(0);
    expect(v.tier).toBeNull();
    expect(v.series.every((p) => p.value === 0)).toBe(true);
  });

  it('tiers from the median of weekly deployment days', () => {
    // weekly deployment days [5,5,5,0] → median 5 → elite
    const elite = ['02', '03', '04', '05', '06', '09', '10', '11', '12', '13', '16', '17', '18', '19', '20'].map((d) => `2026-03-${d}`);
    expect(deploymentFrequencyTier(elite, march)).toBe('elite');
    // weekly days [1,1,1,0] → median 1 → high
    expect(deploymentFrequencyTier(['2026-03-02', '2026-03-10', '2026-03-18'], march)).toBe('high');
    // weekly [1,0,0,0] → median 0; monthly (March bucket only) 1 → medium
    expect(deploymentFrequencyTier(['2026-03-02'], march)).toBe('medium');
    // over a quarter, one deployment: monthly days [1,0,0] → median 0 → low
    expect(deploymentFrequencyTier(['2026-01-05'], { from: '2026-01-05', to: '2026-03-30' })).toBe('low');
  });
});
