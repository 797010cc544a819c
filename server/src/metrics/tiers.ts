import type { DoraTier, MetricKey } from '@bearing/shared';

const DAY = 86_400;
const HOUR = 3_600;

/** DORA 2023 edges, as the peers use them (shown in the UI tooltip). */
export const TIER_EDGES: Partial<Record<MetricKey, { elite: string; high: string; medium: string; low: string }>> = {
  deployment_frequency: {
    elite: 'median weekly deployment days ≥ 5 (on demand)',
    high: 'median weekly deployment days ≥ 1 (weekly)',
    medium: 'median monthly deployment days ≥ 1 (monthly)',
    low: 'less than monthly',
  },
  lead_time_for_changes: { elite: '< 1 day', high: '< 1 week', medium: '< 30 days', low: '≥ 30 days' },
  failed_deployment_recovery_time: { elite: '< 1 hour', high: '< 1 day', medium: '< 1 week', low: '≥ 1 week' },
  time_to_restore: { elite: '< 1 hour', high: '< 1 day', medium: '< 1 week', low: '≥ 1 week' },
  change_failure_rate: { elite: '≤ 5%', high: '≤ 10%', medium: '≤ 15%', low: '> 15%' },
};

export function leadTimeTier(medianS: number | null): DoraTier | null {
  if (medianS === null) return null;
  return medianS < DAY ? 'elite' : medianS < 7 * DAY ? 'high' : medianS < 30 * DAY ? 'medium' : 'low';
}

export function recoveryTier(medianS: number | null): DoraTier | null {
  if (medianS === null) return null;
  return medianS < HOUR ? 'elite' : medianS < DAY ? 'high' : medianS < 7 * DAY ? 'medium' : 'low';
}

export function changeFailureTier(rate: number | null): DoraTier | null {
  if (rate === null) return null;
  return rate <= 0.05 ? 'elite' : rate <= 0.1 ? 'high' : rate <= 0.15 ? 'medium' : 'low';
}
