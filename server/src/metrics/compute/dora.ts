import type { MetricValue } from '@bearing/shared';
import { type Period, daysBetween } from '../period.js';
import { changeFailureTier, leadTimeTier, recoveryTier } from '../tiers.js';
import { countMetric, durationMetric, rateMetric, summariseDurations } from './aggregate.js';
import type { ChangeFacts, DeploymentFacts, IncidentRow, RecoveryRow } from './rows.js';

const seconds = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;

/** `lead_time_for_changes`: median/p90 of deployed − started over changes deployed in the period. */
export function leadTimeForChanges(changes: ChangeFacts[], p: Period): MetricValue {
  const within = changes.filter((c) => c.localDate >= p.from && c.localDate < p.to);
  const m = durationMetric(within.map((c) => ({ localDate: c.localDate, seconds: c.leadTimeS })), p);
  const stage = (pick: (c: ChangeFacts) => number | null) =>
    summariseDurations(within.filter((c) => c.prNumber !== null).map(pick).filter((v): v is number => v !== null));
  return {
    ...m,
    unit: 'seconds',
    tier: leadTimeTier(m.value),
    stages: {
      coding: stage((c) => c.codingS),
      pickup: stage((c) => c.pickupS),
      review: stage((c) => c.reviewS),
      deploy: stage((c) => c.deployS),
    },
    split: {
      agent: summariseDurations(within.filter((c) => c.agent).map((c) => c.leadTimeS)),
      human: summariseDurations(within.filter((c) => !c.agent).map((c) => c.leadTimeS)),
    },
  };
}

/** `change_failure_rate`: failed ÷ successful production deployments finished in the period. */
export function changeFailureRate(deployments: DeploymentFacts[], p: Period): MetricValue {
  const r = rateMetric(deployments.map((d) => ({ localDate: d.localDate, hit: d.failed })), p);
  return { value: r.value, unit: 'ratio', sampleSize: r.sampleSize, failed: r.hits, tier: changeFailureTier(r.value), series: r.series };
}

/** `deployment_rework_rate`: rework ÷ successful production deployments finished in the period. */
export function deploymentReworkRate(deployments: DeploymentFacts[], p: Period): MetricValue {
  const r = rateMetric(deployments.map((d) => ({ localDate: d.localDate, hit: d.rework })), p);
  return { value: r.value, unit: 'ratio', sampleSize: r.sampleSize, rework: r.hits, series: r.series };
}

/** `failed_deployment_recovery_time`: recovery − failure start over failures recovered in the period. */
export function failedDeploymentRecoveryTime(recovered: RecoveryRow[], p: Period): MetricValue {
  const m = durationMetric(
    recovered.map((d) => ({ localDate: d.recoveredLocalDate, seconds: Math.max(0, seconds(d.failureStartedAt!, d.recoveredAt!)) })),
    p,
  );
  return { ...m, unit: 'seconds', tier: recoveryTier(m.value) };
}

/** `time_to_restore`: resolved − opened over all incidents resolved in the period. */
export function timeToRestore(incidents: IncidentRow[], p: Period): MetricValue {
  const m = durationMetric(
    incidents
      .filter((i) => i.resolvedAt && i.resolvedLocalDate)
      .map((i) => ({ localDate: i.resolvedLocalDate!, seconds: Math.max(0, seconds(i.openedAt, i.resolvedAt!)) })),
    p,
  );
  return { ...m, unit: 'seconds', tier: recoveryTier(m.value) };
}

/** `incident_count`: incidents opened in the period, by severity and attribution. */
export function incidentCount(incidents: IncidentRow[], p: Period): MetricValue {
  const within = incidents.filter((i) => i.openedLocalDate >= p.from && i.openedLocalDate < p.to);
  const c = countMetric(within.map((i) => ({ localDate: i.openedLocalDate })), p);
  const bySeverity: Record<string, number> = {};
  for (const i of within) bySeverity[i.severity ?? 'unknown'] = (bySeverity[i.severity ?? 'unknown'] ?? 0) + 1;
  const attributed = within.filter((i) => i.deploymentId !== null).length;
  return { ...c, unit: 'count', bySeverity, attributed, notAttributed: within.length - attributed };
}

/** `on_call_load`: incidents opened per week (and per squad per week), share opened out of hours. */
export function onCallLoad(incidents: IncidentRow[], p: Period, squadCount: number): MetricValue {
  const within = incidents.filter((i) => i.openedLocalDate >= p.from && i.openedLocalDate < p.to);
  const weeks = daysBetween(p.from, p.to) / 7;
  const c = countMetric(within.map((i) => ({ localDate: i.openedLocalDate })), p);
  const perWeek = Math.round((within.length / weeks) * 100) / 100;
  const ooh = within.filter((i) => i.openedOutOfHours).length;
  return {
    value: perWeek,
    unit: 'count',
    sampleSize: within.length,
    perWeek,
    perSquadPerWeek: squadCount > 0 ? Math.round((within.length / weeks / squadCount) * 100) / 100 : null,
    outOfHoursShare: within.length ? ooh / within.length : null,
    series: c.series,
  };
}
