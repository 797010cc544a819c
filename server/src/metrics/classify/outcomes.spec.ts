import fc from 'fast-check';
import { productionMatcher } from '../rules.js';
import { type OutcomeContext, classifyDeployments } from './outcomes.js';
import { type ChangeFact, type DeploymentFact, type DeploymentInput, type IncidentAttribution, type IncidentInput, byFinish } from './types.js';

/**
 * Deployment outcomes (metrics.md): rollback (flagged, or the SHA of an earlier production
 * deployment other than the immediately previous one), failed (a: attributed incident,
 * b: rollback follows before the next non-rollback deployment, c: explicit flag), recovery
 * (incidents: latest resolve − earliest open; otherwise the finish of the rollback or next
 * deployment), and rework (rollback, hotfix-labelled or incident-linked PR, finishing while
 * an incident of the service is open).
 */

const t = (iso: string) => new Date(iso);
const isProduction = productionMatcher({ productionPattern: '^(prod|production|live)$' });

const deployment = (id: string, finishedAt: string, d: Partial<DeploymentInput> = {}): DeploymentInput => ({
  id,
  service: 'pay-api',
  repo: 'acme/pay',
  environment: 'production',
  sha: null,
  status: 'success',
  startedAt: null,
  finishedAt: t(finishedAt),
  rollback: null,
  failed: null,
  ...d,
});

const incident = (id: string, openedAt: string, resolvedAt: string | null, service = 'pay-api'): IncidentInput => ({
  id,
  service,
  openedAt: t(openedAt),
  resolvedAt: resolvedAt ? t(resolvedAt) : null,
  causedBy: null,
});

const attributed = (incidentId: string, deploymentId: string): IncidentAttribution => ({ incidentId, deploymentId, rule: 'heuristic-window', detail: null });

const change = (deploymentId: string, prNumber: number, labels: string[] | null = null): ChangeFact => ({
  repo: 'acme/pay',
  changeKey: `pr:${prNumber}`,
  deploymentId,
  service: 'pay-api',
  prNumber,
  shas: [],
  author: 'ana',
  agent: false,
  startedAt: t('2026-03-01T00:00:00Z'),
  openedAt: null,
  firstReviewAt: null,
  mergedAt: null,
  deployedAt: t('2026-03-01T00:00:00Z'),
  leadTimeS: 0,
  codingS: null,
  pickupS: null,
  reviewS: null,
  deployS: null,
  rule: 'git-ancestry',
  labels,
});

const ctx = (over: Partial<OutcomeContext> = {}): OutcomeContext => ({
  isProduction,
  attributions: [],
  incidents: [],
  changes: [],
  shipping: new Map(),
  hotfixLabels: ['hotfix'],
  incidentLinkedPrs: new Set(),
  ...over,
});

const classify = (deployments: DeploymentInput[], c = ctx()): Record<string, DeploymentFact> =>
  Object.fromEntries(classifyDeployments(deployments, c).map((f) => [f.deploymentId, f]));

describe('rollbacks', () => {
  it('a flagged rollback marks the previous deployment failed, recovered at the rollback’s finish', () => {
    // d1 (a) 10:00, d2 (b) 11:00, d3 rollback to a 11:30 → d2 failed (rollback-followed), recovery 11:00 → 11:30
    const f = classify([
      deployment('d1', '2026-03-02T10:00:00Z', { sha: 'a' }),
      deployment('d2', '2026-03-02T11:00:00Z', { sha: 'b' }),
      deployment('d3', '2026-03-02T11:30:00Z', { sha: 'a', rollback: true }),
    ]);
    expect(f.d3).toMatchObject({ rollback: true, rollbackRule: 'flagged', failed: false, rework: true, reworkRules: ['rollback'] });
    expect(f.d2).toMatchObject({
      failed: true,
      failureRules: ['rollback-followed'],
      failureStartedAt: t('2026-03-02T11:00:00Z'),
      recoveredAt: t('2026-03-02T11:30:00Z'),
      recoveryRule: 'rollback-finished',
      detail: { rolledBackBy: 'd3', recoveredBy: 'd3' },
    });
    expect(f.d1).toMatchObject({ failed: false, rollback: false });
  });

  it('redeploying the SHA of an older deployment (not the immediately previous one) is a rollback', () => {
    // d1 a, d2 b, d3 a (no flag) → d3 rollback by older SHA; d2 failed
    const f = classify([
      deployment('d1', '2026-03-02T10:00:00Z', { sha: 'a' }),
      deployment('d2', '2026-03-02T11:00:00Z', { sha: 'b' }),
      deployment('d3', '2026-03-02T12:00:00Z', { sha: 'a' }),
    ]);
    expect(f.d3).toMatchObject({ rollback: true, rollbackRule: 'older-sha' });
    expect(f.d2).toMatchObject({ failed: true, failureRules: ['rollback-followed'], recoveredAt: t('2026-03-02T12:00:00Z') });
  });

  it('redeploying the same SHA as the immediately previous deployment is not a rollback', () => {
    // d1 a, d2 b, d3 b → a redeploy: nothing failed, nothing is rework
    const f = classify([
      deployment('d1', '2026-03-02T10:00:00Z', { sha: 'a' }),
      deployment('d2', '2026-03-02T11:00:00Z', { sha: 'b' }),
      deployment('d3', '2026-03-02T12:00:00Z', { sha: 'b' }),
    ]);
    expect(Object.values(f).map((d) => [d.deploymentId, d.rollback, d.failed, d.rework])).toEqual([
      ['d1', false, false, false],
      ['d2', false, false, false],
      ['d3', false, false, false],
    ]);
  });

  it('only the deployments before the next non-rollback one are failed by a rollback', () => {
    // d1 a, d2 b, d3 c, d4 rollback to a → d3 failed; d2 is followed by d3 (non-rollback) first → not failed
    const f = classify([
      deployment('d1', '2026-03-02T10:00:00Z', { sha: 'a' }),
      deployment('d2', '2026-03-02T11:00:00Z', { sha: 'b' }),
      deployment('d3', '2026-03-02T12:00:00Z', { sha: 'c' }),
      deployment('d4', '2026-03-02T13:00:00Z', { sha: 'a' }),
    ]);
    expect([f.d2!.failed, f.d3!.failed, f.d4!.rollbackRule]).toEqual([false, true, 'older-sha']);
  });

  it('unsuccessful and non-production deployments are not counted, not rollbacks, and fail nothing', () => {
    // after d1 (a): d2 (status failure, sha b) and d3 (staging, flagged rollback to a) are not counted,
    // so no counted rollback follows d1 and d1 is not failed
    const f = classify([
      deployment('d1', '2026-03-02T10:00:00Z', { sha: 'a' }),
      deployment('d2', '2026-03-02T11:00:00Z', { sha: 'b', status: 'failure' }),
      deployment('d3', '2026-03-02T12:00:00Z', { sha: 'a', environment: 'staging', rollback: true }),
    ]);
    expect(Object.values(f).map((d) => [d.deploymentId, d.counted, d.rollback, d.failed])).toEqual([
      ['d1', true, false, false],
      ['d2', false, false, false],
      ['d3', false, false, false],
    ]);
  });
});

describe('failure and recovery with incidents', () => {
  it('a deployment with two incidents is one failed deployment, recovered at the latest resolve', () => {
    // i1 open 12:00 → 13:00, i2 open 12:30 → 15:00, both attributed to d2
    // failure start = earliest open 12:00; recovery = latest resolve 15:00 → 3 h
    const incidents = [incident('i1', '2026-03-02T12:00:00Z', '2026-03-02T13:00:00Z'), incident('i2', '2026-03-02T12:30:00Z', '2026-03-02T15:00:00Z')];
    const facts = classifyDeployments(
      [deployment('d1', '2026-03-02T10:00:00Z'), deployment('d2', '2026-03-02T11:00:00Z')],
      ctx({ incidents, attributions: [attributed('i1', 'd2'), attributed('i2', 'd2')] }),
    );
    expect(facts.filter((d) => d.failed).map((d) => d.deploymentId)).toEqual(['d2']);
    expect(facts.find((d) => d.deploymentId === 'd2')).toMatchObject({
      failureRules: ['incident'],
      failureStartedAt: t('2026-03-02T12:00:00Z'),
      recoveredAt: t('2026-03-02T15:00:00Z'),
      recoveryRule: 'incidents-resolved',
      detail: { incidents: ['i1', 'i2'] },
    });
  });

  it('is not recovered while any attributed incident is still open', () => {
    const incidents = [incident('i1', '2026-03-02T12:00:00Z', '2026-03-02T13:00:00Z'), incident('i2', '2026-03-02T12:30:00Z', null)];
    const f = classify([deployment('d2', '2026-03-02T11:00:00Z')], ctx({ incidents, attributions: [attributed('i1', 'd2'), attributed('i2', 'd2')] }));
    expect(f.d2).toMatchObject({ failed: true, failureStartedAt: t('2026-03-02T12:00:00Z'), recoveredAt: null, recoveryRule: 'incidents-open' });
  });

  it('with incidents and a rollback, recovery is taken from the incidents', () => {
    // d2 rolled back by d3 at 11:30, but incident i1 (11:10 → 14:00) is attributed to d2 → 11:10 → 14:00
    const f = classify(
      [deployment('d1', '2026-03-02T10:00:00Z', { sha: 'a' }), deployment('d2', '2026-03-02T11:00:00Z', { sha: 'b' }), deployment('d3', '2026-03-02T11:30:00Z', { sha: 'a', rollback: true })],
      ctx({ incidents: [incident('i1', '2026-03-02T11:10:00Z', '2026-03-02T14:00:00Z')], attributions: [attributed('i1', 'd2')] }),
    );
    expect(f.d2).toMatchObject({
      failureRules: ['incident', 'rollback-followed'],
      failureStartedAt: t('2026-03-02T11:10:00Z'),
      recoveredAt: t('2026-03-02T14:00:00Z'),
      recoveryRule: 'incidents-resolved',
    });
  });
});

describe('explicitly failed deployments', () => {
  it('recover at the finish of the next successful production deployment', () => {
    // d1 flagged failed 10:00; d2 staging 10:30 (ignored); d3 production 12:00 → recovery 2 h
    const f = classify([
      deployment('d1', '2026-03-02T10:00:00Z', { failed: true }),
      deployment('d2', '2026-03-02T10:30:00Z', { environment: 'staging' }),
      deployment('d3', '2026-03-02T12:00:00Z'),
    ]);
    expect(f.d1).toMatchObject({
      failed: true,
      failureRules: ['explicit-flag'],
      failureStartedAt: t('2026-03-02T10:00:00Z'),
      recoveredAt: t('2026-03-02T12:00:00Z'),
      recoveryRule: 'next-deployment-finished',
    });
  });

  it('are not yet recovered without a later deployment', () => {
    const f = classify([deployment('d1', '2026-03-02T10:00:00Z', { failed: true })]);
    expect(f.d1).toMatchObject({ failed: true, recoveredAt: null, recoveryRule: 'not-yet-recovered' });
  });
});

describe('rework', () => {
  it('a deployment shipping a PR labelled hotfix (any case) is rework', () => {
    const f = classify(
      [deployment('d1', '2026-03-02T10:00:00Z'), deployment('d2', '2026-03-02T11:00:00Z')],
      ctx({ changes: [change('d2', 7, ['HotFix']), change('d1', 6, ['feature'])] }),
    );
    expect(f.d2).toMatchObject({ rework: true, reworkRules: ['hotfix-label'], detail: { hotfixPrs: ['acme/pay#7'] } });
    expect(f.d1!.rework).toBe(false);
  });

  it('a deployment shipping a PR linked to an incident is rework', () => {
    const f = classify([deployment('d1', '2026-03-02T10:00:00Z')], ctx({ changes: [change('d1', 8)], incidentLinkedPrs: new Set(['acme/pay#8']) }));
    expect(f.d1).toMatchObject({ rework: true, reworkRules: ['incident-linked-pr'], detail: { incidentLinkedPrs: ['acme/pay#8'] } });
  });

  it('a deployment finishing while an incident of the same service is open is rework', () => {
    // i1 pay-api open 09:00 → 12:00: d1 (10:00) during it; i2 of web open too but another service;
    // i3 resolved exactly at d2's finish (12:00) is no longer open
    const incidents = [
      incident('i1', '2026-03-02T09:00:00Z', '2026-03-02T12:00:00Z'),
      incident('i2', '2026-03-02T09:00:00Z', null, 'web'),
      incident('i3', '2026-03-02T11:30:00Z', '2026-03-02T12:00:00Z'),
    ];
    const f = classify([deployment('d1', '2026-03-02T10:00:00Z'), deployment('d2', '2026-03-02T12:00:00Z')], ctx({ incidents }));
    expect(f.d1).toMatchObject({ rework: true, reworkRules: ['during-open-incident'], detail: { openIncidents: ['i1'] } });
    expect(f.d2!.rework).toBe(false);
  });

  it('a rollback is rework', () => {
    const f = classify([deployment('d1', '2026-03-02T10:00:00Z'), deployment('d2', '2026-03-02T11:00:00Z', { rollback: true })]);
    expect(f.d2).toMatchObject({ rework: true, reworkRules: ['rollback'] });
  });
});

/**
 * The rules above restated the slow, obvious way, checked against the classifier on random
 * histories (it sweeps the incidents in finish order and indexes the SHAs instead).
 */
describe('deployment outcomes, property: open incidents and older-SHA rollbacks', () => {
  const BASE = Date.parse('2026-03-01T00:00:00Z');
  const at = (h: number) => new Date(BASE + h * 3_600_000);
  const arb = fc.record({
    deployments: fc.array(
      fc.record({ service: fc.constantFrom('a', 'b'), h: fc.integer({ min: 0, max: 200 }), sha: fc.option(fc.constantFrom('s1', 's2', 's3', 's4'), { nil: null }), env: fc.constantFrom('production', 'staging'), ok: fc.boolean() }),
      { maxLength: 40 },
    ),
    incidents: fc.array(
      fc.record({ service: fc.constantFrom('a', 'b', 'c'), h: fc.integer({ min: 0, max: 200 }), len: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }) }),
      { maxLength: 15 },
    ),
  });

  it('equal the definitions evaluated pairwise', () => {
    fc.assert(
      fc.property(arb, ({ deployments: ds, incidents: is }) => {
        const deployments = ds.map((d, i) => deployment(`d${i}`, at(d.h).toISOString(), { service: d.service, sha: d.sha, environment: d.env, status: d.ok ? 'success' : 'failure' }));
        const incidents = is.map((x, i) => incident(`i${i}`, at(x.h).toISOString(), x.len === null ? null : at(x.h + x.len).toISOString(), x.service));
        const facts = classify(deployments, ctx({ incidents }));
        for (const d of deployments) {
          const f = facts[d.id]!;
          if (!f.counted) continue;
          // open: opened at or before the finish, not resolved by then (input order)
          const open = incidents.filter((x) => x.service === d.service && x.openedAt <= d.finishedAt && (x.resolvedAt === null || x.resolvedAt > d.finishedAt)).map((x) => x.id);
          expect((f.detail?.openIncidents as string[] | undefined) ?? []).toEqual(open);
          // older SHA: a counted deployment of the service before the previous one shipped the same SHA
          const counted = deployments.filter((e) => e.service === d.service && facts[e.id]!.counted).sort(byFinish);
          const i = counted.findIndex((e) => e.id === d.id);
          const older = d.sha !== null && counted.slice(0, Math.max(0, i - 1)).some((e) => e.sha === d.sha);
          expect(f.rollbackRule === 'older-sha').toBe(older);
        }
      }),
      { numRuns: 300 },
    );
  });
});
