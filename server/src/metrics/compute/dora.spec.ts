import { type AttributionContext, attributeIncidents } from '../classify/attribution.js';
import { classifyDeployments } from '../classify/outcomes.js';
import type { DeploymentFact, DeploymentInput, IncidentInput } from '../classify/types.js';
import type { Period } from '../period.js';
import { productionMatcher } from '../rules.js';
import {
  changeFailureRate,
  deploymentReworkRate,
  failedDeploymentRecoveryTime,
  incidentCount,
  leadTimeForChanges,
  onCallLoad,
  timeToRestore,
} from './dora.js';
import type { ChangeRow, DeploymentRow, IncidentRow, RecoveryRow } from './rows.js';

/**
 * The DORA metric functions over fact rows (metrics.md, "DORA metrics"). Rows carry their
 * local dates; the org zone here is UTC so a local date is the UTC date of the timestamp.
 */

const p: Period = { from: '2026-03-02', to: '2026-03-16', interval: 'week', timeZone: 'UTC' };
const day = (iso: string) => iso.slice(0, 10);

const change = (c: Partial<ChangeRow> & Pick<ChangeRow, 'changeKey' | 'deployedAt' | 'leadTimeS'>): ChangeRow => ({
  repo: 'acme/pay',
  prNumber: null,
  deploymentId: 'd',
  service: 'pay-api',
  author: 'ana',
  agent: false,
  startedAt: c.deployedAt,
  openedAt: null,
  firstReviewAt: null,
  mergedAt: null,
  localDate: day(c.deployedAt),
  codingS: null,
  pickupS: null,
  reviewS: null,
  deployS: null,
  rule: 'git-ancestry',
  ...c,
});

const deploymentRow = (d: Partial<DeploymentRow> & Pick<DeploymentRow, 'id' | 'finishedAt'>): DeploymentRow => ({
  service: 'pay-api',
  repo: 'acme/pay',
  environment: 'production',
  sha: null,
  localDate: day(d.finishedAt),
  rollback: false,
  rollbackRule: null,
  failed: false,
  failureRules: null,
  failureStartedAt: null,
  recoveredAt: null,
  recoveryRule: null,
  rework: false,
  reworkRules: null,
  changesShipped: 0,
  shippingRule: null,
  detail: null,
  ...d,
});

const recovery = (id: string, failureStartedAt: string, recoveredAt: string): RecoveryRow => ({
  ...deploymentRow({ id, finishedAt: failureStartedAt, failed: true, failureStartedAt, recoveredAt }),
  recoveredLocalDate: day(recoveredAt),
});

const incidentRow = (i: Partial<IncidentRow> & Pick<IncidentRow, 'id' | 'openedAt'>): IncidentRow => ({
  service: 'pay-api',
  squad: null,
  title: i.id,
  severity: null,
  resolvedAt: null,
  openedLocalDate: day(i.openedAt),
  resolvedLocalDate: i.resolvedAt ? day(i.resolvedAt) : null,
  openedOutOfHours: false,
  deploymentId: null,
  rule: 'not-change-related',
  detail: null,
  ...i,
});

describe('lead_time_for_changes', () => {
  // c1 PR (human) 1 h, c2 PR (agent) 2 h, c3 commit without PR 10 h; c4 deployed on 03-16 (outside)
  const changes = [
    change({ changeKey: 'pr:1', prNumber: 1, deployedAt: '2026-03-02T12:00:00Z', leadTimeS: 3_600, codingS: 600, pickupS: 1_200, reviewS: 600, deployS: 1_200 }),
    change({ changeKey: 'pr:2', prNumber: 2, agent: true, deployedAt: '2026-03-03T12:00:00Z', leadTimeS: 7_200, codingS: 1_800, deployS: 5_400 }),
    change({ changeKey: 'commit:abc', deployedAt: '2026-03-10T12:00:00Z', leadTimeS: 36_000 }),
    change({ changeKey: 'pr:4', prNumber: 4, deployedAt: '2026-03-16T00:00:00Z', leadTimeS: 999_999, codingS: 1 }),
  ];

  it('median and p90 of the lead times of the changes deployed in the period, with its tier', () => {
    // [3 600, 7 200, 36 000]: median 7 200; p90 pos 1.8 → 7 200 + 0.8 × 28 800 = 30 240; 7 200 < 1 day → elite
    const m = leadTimeForChanges(changes, p);
    expect(m).toMatchObject({ value: 7_200, sampleSize: 3, unit: 'seconds', tier: 'elite' });
    expect(m.p90).toBeCloseTo(30_240, 6);
    // week 03-02: [3 600, 7 200] → 5 400; week 03-09: [36 000]
    expect(m.series).toEqual([
      { start: '2026-03-02', value: 5_400, sampleSize: 2 },
      { start: '2026-03-09', value: 36_000, sampleSize: 1 },
    ]);
  });

  it('stage medians over PR changes only, each over the changes where the stage is known', () => {
    // coding [600, 1 800] → 1 200; pickup [1 200] (pr:2 has none); review [600]; deploy [1 200, 5 400] → 3 300
    const stages = leadTimeForChanges(changes, p).stages as Record<string, { value: number | null; sampleSize: number }>;
    expect(Object.fromEntries(Object.entries(stages).map(([k, s]) => [k, [s.value, s.sampleSize]]))).toEqual({
      coding: [1_200, 2],
      pickup: [1_200, 1],
      review: [600, 1],
      deploy: [3_300, 2],
    });
  });

  it('splits agent and human changes', () => {
    // agent [7 200]; human [3 600, 36 000] → median 19 800
    const split = leadTimeForChanges(changes, p).split as Record<string, { value: number | null; sampleSize: number }>;
    expect(split.agent).toMatchObject({ value: 7_200, sampleSize: 1 });
    expect(split.human).toMatchObject({ value: 19_800, sampleSize: 2 });
  });

  it('is null with sampleSize 0 and no tier when nothing was deployed in the period', () => {
    const m = leadTimeForChanges([changes[3]!], p);
    expect(m).toMatchObject({ value: null, p90: null, sampleSize: 0, tier: null });
    expect((m.stages as Record<string, { value: unknown }>).coding!.value).toBeNull();
  });
});

describe('change_failure_rate', () => {
  it('failed ÷ successful production deployments finished in the period, with the failed count and tier', () => {
    // 2 failed of 5 in the period (d6 on 03-16 is outside) → 0.4 > 15 % → low
    const rows = [
      deploymentRow({ id: 'd1', finishedAt: '2026-03-02T10:00:00Z', failed: true }),
      deploymentRow({ id: 'd2', finishedAt: '2026-03-03T10:00:00Z' }),
      deploymentRow({ id: 'd3', finishedAt: '2026-03-09T10:00:00Z', failed: true }),
      deploymentRow({ id: 'd4', finishedAt: '2026-03-10T10:00:00Z' }),
      deploymentRow({ id: 'd5', finishedAt: '2026-03-15T23:59:59Z' }),
      deploymentRow({ id: 'd6', finishedAt: '2026-03-16T00:00:00Z', failed: true }),
    ];
    expect(changeFailureRate(rows, p)).toMatchObject({ value: 0.4, sampleSize: 5, failed: 2, tier: 'low' });
  });

  it('a deployment with two incidents counts once', () => {
    // d1 baseline 03-02 10:00; d2 03-03 10:00 with i1 (11:00, heuristic) and i2 (explicit); d3, d4 clean
    // → 1 failed of 4 = 0.25 (not 2 of 4)
    const deployments: DeploymentInput[] = ['2026-03-02T10:00:00Z', '2026-03-03T10:00:00Z', '2026-03-04T10:00:00Z', '2026-03-05T10:00:00Z'].map((f, i) => ({
      id: `d${i + 1}`,
      service: 'pay-api',
      repo: null,
      environment: 'production',
      sha: null,
      status: 'success',
      startedAt: null,
      finishedAt: new Date(f),
      rollback: null,
      failed: null,
    }));
    const incidents: IncidentInput[] = [
      { id: 'i1', service: 'pay-api', openedAt: new Date('2026-03-03T11:00:00Z'), resolvedAt: new Date('2026-03-03T12:00:00Z'), causedBy: null },
      { id: 'i2', service: 'pay-api', openedAt: new Date('2026-03-03T13:00:00Z'), resolvedAt: new Date('2026-03-03T14:00:00Z'), causedBy: { deployment: 'd2' } },
    ];
    const ctx: AttributionContext = { counted: deployments, allDeploymentIds: new Set(deployments.map((d) => d.id)), shippedSha: new Map(), shippedPr: new Map(), windowFor: () => 86_400 };
    const attributions = attributeIncidents(incidents, ctx);
    expect(attributions.map((a) => [a.incidentId, a.deploymentId, a.rule])).toEqual([
      ['i1', 'd2', 'heuristic-window'],
      ['i2', 'd2', 'explicit-deployment'],
    ]);
    const facts = classifyDeployments(deployments, {
      isProduction: productionMatcher({ productionPattern: '^(prod|production|live)$' }),
      attributions,
      incidents,
      changes: [],
      shipping: new Map(),
      hotfixLabels: ['hotfix'],
      incidentLinkedPrs: new Set(),
    });
    const rows = facts.map((f: DeploymentFact) => deploymentRow({ id: f.deploymentId, finishedAt: f.finishedAt.toISOString(), failed: f.failed }));
    expect(changeFailureRate(rows, p)).toMatchObject({ value: 0.25, sampleSize: 4, failed: 1 });
  });

  it('is null with sampleSize 0 and no tier without deployments', () => {
    expect(changeFailureRate([], p)).toMatchObject({ value: null, sampleSize: 0, failed: 0, tier: null });
  });
});

describe('failed_deployment_recovery_time', () => {
  it('median and p90 of recovery − failure start over failures recovered in the period', () => {
    // r1 30 min (recovered 03-02), r2 2 h (recovered 03-05), r3 recovered 03-16 (outside)
    // [1 800, 7 200]: median 4 500 (≥ 1 h, < 1 day → high); p90 1 800 + 0.9 × 5 400 = 6 660
    const m = failedDeploymentRecoveryTime(
      [
        recovery('r1', '2026-03-02T10:00:00Z', '2026-03-02T10:30:00Z'),
        recovery('r2', '2026-03-05T10:00:00Z', '2026-03-05T12:00:00Z'),
        recovery('r3', '2026-03-15T23:00:00Z', '2026-03-16T01:00:00Z'),
      ],
      p,
    );
    expect(m).toMatchObject({ value: 4_500, sampleSize: 2, tier: 'high' });
    expect(m.p90).toBeCloseTo(6_660, 6);
  });

  it('counts a failure in the period it recovered in, even when it started before', () => {
    // failed 03-01 23:00, recovered 03-02 00:30 → 5 400 s, in the period
    expect(failedDeploymentRecoveryTime([recovery('r1', '2026-03-01T23:00:00Z', '2026-03-02T00:30:00Z')], p)).toMatchObject({ value: 5_400, sampleSize: 1 });
  });

  it('is null with sampleSize 0 and no tier without recovered failures', () => {
    expect(failedDeploymentRecoveryTime([], p)).toMatchObject({ value: null, p90: null, sampleSize: 0, tier: null });
  });
});

describe('time_to_restore and incident_count', () => {
  // i1 attributed, opened+resolved in period (1 h); i2 not change-related, opened before the period
  // and resolved in it (48 h); i3 still open; i4 resolved on 03-16 (outside); i5, i6 opened in period
  const incidents = [
    incidentRow({ id: 'i1', openedAt: '2026-03-02T10:00:00Z', resolvedAt: '2026-03-02T11:00:00Z', severity: 'sev1', deploymentId: 'd1', rule: 'heuristic-window', openedOutOfHours: true }),
    incidentRow({ id: 'i2', openedAt: '2026-03-01T10:00:00Z', resolvedAt: '2026-03-03T10:00:00Z', severity: 'sev2' }),
    incidentRow({ id: 'i3', openedAt: '2026-03-04T10:00:00Z', severity: 'sev2' }),
    incidentRow({ id: 'i4', openedAt: '2026-03-15T20:00:00Z', resolvedAt: '2026-03-16T02:00:00Z' }),
  ];

  it('time_to_restore: resolved − opened over all incidents resolved in the period, change-related or not', () => {
    // [3 600, 172 800]: median 88 200 (≥ 1 day → medium); p90 3 600 + 0.9 × 169 200 = 155 880
    const m = timeToRestore(incidents, p);
    expect(m).toMatchObject({ value: 88_200, sampleSize: 2, tier: 'medium' });
    expect(m.p90).toBeCloseTo(155_880, 6);
  });

  it('incident_count: incidents opened in the period, by severity and by attribution', () => {
    // opened in [03-02, 03-16): i1, i3, i4 (i2 opened 03-01)
    expect(incidentCount(incidents, p)).toMatchObject({
      value: 3,
      sampleSize: 3,
      bySeverity: { sev1: 1, sev2: 1, unknown: 1 },
      attributed: 1,
      notAttributed: 2,
    });
  });

  it('an empty period: time_to_restore is null, incident_count is 0', () => {
    const none: IncidentRow[] = [];
    expect(timeToRestore(none, p)).toMatchObject({ value: null, p90: null, sampleSize: 0, tier: null });
    expect(incidentCount(none, p)).toMatchObject({ value: 0, sampleSize: 0, attributed: 0, notAttributed: 0 });
  });
});

describe('deployment_rework_rate', () => {
  it('rework ÷ successful production deployments finished in the period', () => {
    // 1 rework of 4 → 0.25
    const rows = ['02', '03', '04', '05'].map((d, i) => deploymentRow({ id: `d${i}`, finishedAt: `2026-03-${d}T10:00:00Z`, rework: i === 2 }));
    expect(deploymentReworkRate(rows, p)).toMatchObject({ value: 0.25, sampleSize: 4, rework: 1 });
  });

  it('is null with sampleSize 0 without deployments', () => {
    expect(deploymentReworkRate([], p)).toMatchObject({ value: null, sampleSize: 0, rework: 0 });
  });
});

describe('on_call_load', () => {
  it('incidents opened per week, per squad per week, and the share opened out of hours', () => {
    // 3 incidents opened in 2 weeks → 1.5 / week; 2 squads → 0.75 per squad per week; 1 of 3 out of hours
    const incidents = [
      incidentRow({ id: 'i1', openedAt: '2026-03-02T03:00:00Z', openedOutOfHours: true }),
      incidentRow({ id: 'i2', openedAt: '2026-03-04T10:00:00Z' }),
      incidentRow({ id: 'i3', openedAt: '2026-03-12T10:00:00Z' }),
      incidentRow({ id: 'i4', openedAt: '2026-03-16T10:00:00Z', openedOutOfHours: true }),
    ];
    const m = onCallLoad(incidents, p, 2);
    expect(m).toMatchObject({ value: 1.5, sampleSize: 3, perWeek: 1.5, perSquadPerWeek: 0.75 });
    expect(m.outOfHoursShare).toBeCloseTo(1 / 3, 12);
  });

  it('is 0 per week with no share when no incident opened', () => {
    expect(onCallLoad([], p, 2)).toMatchObject({ value: 0, sampleSize: 0, perSquadPerWeek: 0, outOfHoursShare: null });
  });
});
