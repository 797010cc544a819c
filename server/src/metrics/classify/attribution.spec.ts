import { type AttributionContext, attributeIncidents } from './attribution.js';
import type { DeploymentInput, IncidentInput } from './types.js';

/**
 * Incident → deployment attribution (metrics.md): 1. explicit cause (deployment id, commit
 * SHA or PR → the deployment that shipped it), 2. heuristic: the latest successful production
 * deployment of the incident's service finished before it opened, within the window
 * (default 24 h, per-service overrides), 3. otherwise not change-related.
 */

const t = (iso: string) => new Date(iso);
const HOUR = 3_600;
const DAY = 86_400;

const deployment = (id: string, service: string, finishedAt: string, sha: string | null = null): DeploymentInput => ({
  id,
  service,
  repo: null,
  environment: 'production',
  sha,
  status: 'success',
  startedAt: null,
  finishedAt: t(finishedAt),
  rollback: null,
  failed: null,
});

const incident = (id: string, openedAt: string, i: Partial<IncidentInput> = {}): IncidentInput => ({
  id,
  service: 'pay-api',
  openedAt: t(openedAt),
  resolvedAt: null,
  causedBy: null,
  ...i,
});

// pay-api: p1 finished 03-01 10:00, p2 finished 03-02 10:00 (web: w1 03-02 11:00)
const counted = [
  deployment('p2', 'pay-api', '2026-03-02T10:00:00Z', 'bbbbbbb2222'),
  deployment('p1', 'pay-api', '2026-03-01T10:00:00Z', 'aaaaaaa1111'),
  deployment('w1', 'web', '2026-03-02T11:00:00Z'),
];
const ctx = (over: Partial<AttributionContext> = {}): AttributionContext => ({
  counted,
  allDeploymentIds: new Set(['p1', 'p2', 'w1', 'p-failed']),
  // commit c0ffee1… was shipped by p1; PR acme/pay#12 by p1
  shippedSha: new Map([['c0ffee1234567890', 'p1']]),
  shippedPr: new Map([['acme/pay#12', 'p1']]),
  windowFor: () => DAY,
  ...over,
});

const one = (inc: IncidentInput, c = ctx()) => attributeIncidents([inc], c)[0]!;

describe('heuristic window', () => {
  it('attributes an incident to the latest deployment of its service finished before it opened', () => {
    // opened 03-02 12:00: p2 (10:00) is the latest pay-api deployment before → gap 2 h = 7 200 s
    expect(one(incident('i1', '2026-03-02T12:00:00Z'))).toEqual({
      incidentId: 'i1',
      deploymentId: 'p2',
      rule: 'heuristic-window',
      detail: { gapS: 2 * HOUR, windowS: DAY },
    });
  });

  it('attributes an incident opened exactly at the window edge (24 h after the deployment)', () => {
    // p2 10:00 + 24 h = 03-03 10:00 → gap 86 400 ≤ 86 400
    expect(one(incident('i1', '2026-03-03T10:00:00Z'))).toMatchObject({ deploymentId: 'p2', rule: 'heuristic-window', detail: { gapS: DAY } });
  });

  it('does not attribute an incident opened one second outside the window: not change-related', () => {
    // gap 86 401 > 86 400
    expect(one(incident('i1', '2026-03-03T10:00:01Z'))).toEqual({
      incidentId: 'i1',
      deploymentId: null,
      rule: 'not-change-related',
      detail: { reason: 'latest deployment outside the window', windowS: DAY, latestDeployment: 'p2', gapS: DAY + 1 },
    });
  });

  it('only looks at deployments of the incident’s own service', () => {
    // web's w1 finished 1 h before; pay-api's p2 3 h before → p2
    expect(one(incident('i1', '2026-03-02T13:00:00Z'))).toMatchObject({ deploymentId: 'p2', detail: { gapS: 3 * HOUR } });
  });

  it('an incident before any deployment of its service is not change-related', () => {
    expect(one(incident('i1', '2026-03-01T09:00:00Z'))).toMatchObject({
      deploymentId: null,
      rule: 'not-change-related',
      detail: { reason: 'no earlier production deployment of the service' },
    });
  });

  it('an incident without a service is not change-related', () => {
    expect(one(incident('i1', '2026-03-02T12:00:00Z', { service: null }))).toEqual({
      incidentId: 'i1',
      deploymentId: null,
      rule: 'not-change-related',
      detail: { reason: 'no service' },
    });
  });

  it('uses the per-service window when one is set', () => {
    // pay-api window 2 h; opened 3 h after p2 → outside; web keeps 24 h
    const c = ctx({ windowFor: (s) => (s === 'pay-api' ? 2 * HOUR : DAY) });
    expect(one(incident('i1', '2026-03-02T13:00:00Z'), c)).toMatchObject({ rule: 'not-change-related', detail: { windowS: 2 * HOUR, gapS: 3 * HOUR } });
    expect(one(incident('i2', '2026-03-02T14:00:00Z', { service: 'web' }), c)).toMatchObject({ deploymentId: 'w1', rule: 'heuristic-window' });
  });
});

describe('explicit cause beats the heuristic', () => {
  // every incident below opens 2 h after p2, so the heuristic alone would say p2
  const opened = '2026-03-02T12:00:00Z';

  it('a named deployment is the cause', () => {
    expect(one(incident('i1', opened, { causedBy: { deployment: 'p1' } }))).toEqual({
      incidentId: 'i1',
      deploymentId: 'p1',
      rule: 'explicit-deployment',
      detail: { causedBy: { deployment: 'p1' } },
    });
  });

  it('a named deployment counts even when it is not a successful production deployment', () => {
    expect(one(incident('i1', opened, { causedBy: { deployment: 'p-failed' } }))).toMatchObject({ deploymentId: 'p-failed', rule: 'explicit-deployment' });
  });

  it('a named commit SHA → the deployment that shipped it (case-insensitive, abbreviated to ≥ 7 characters)', () => {
    expect(one(incident('i1', opened, { causedBy: { sha: 'c0ffee1234567890' } }))).toMatchObject({ deploymentId: 'p1', rule: 'explicit-sha' });
    expect(one(incident('i2', opened, { causedBy: { sha: 'C0FFEE1' } }))).toMatchObject({ deploymentId: 'p1', rule: 'explicit-sha' });
  });

  it('a named SHA that no deployment shipped but one deployed exactly → that deployment', () => {
    // aaaaaaa1111 is p1's own SHA (not in the shipped map: p1 was a baseline)
    expect(one(incident('i1', opened, { causedBy: { sha: 'aaaaaaa1111' } }))).toMatchObject({ deploymentId: 'p1', rule: 'explicit-sha' });
  });

  it('a named PR → the deployment that shipped it', () => {
    expect(one(incident('i1', opened, { causedBy: { pr: { repo: 'acme/pay', number: 12 } } }))).toEqual({
      incidentId: 'i1',
      deploymentId: 'p1',
      rule: 'explicit-pr',
      detail: { causedBy: { pr: { repo: 'acme/pay', number: 12 } } },
    });
  });

  it('an unknown explicit cause falls back to the heuristic and records the unresolved cause', () => {
    const causedBy = { deployment: 'ghost', sha: 'deadbeef00', pr: { repo: 'acme/pay', number: 999 } };
    expect(one(incident('i1', opened, { causedBy }))).toEqual({
      incidentId: 'i1',
      deploymentId: 'p2',
      rule: 'heuristic-window',
      detail: { unresolvedCause: { deployment: 'ghost', sha: 'deadbeef00', pr: { repo: 'acme/pay', number: 999 } }, gapS: 2 * HOUR, windowS: DAY },
    });
  });

  it('an unknown explicit cause with no deployment in the window is not change-related, still recording the cause', () => {
    // opened 3 days after p2
    expect(one(incident('i1', '2026-03-05T10:00:00Z', { causedBy: { deployment: 'ghost' } }))).toMatchObject({
      deploymentId: null,
      rule: 'not-change-related',
      detail: { unresolvedCause: { deployment: 'ghost' }, reason: 'latest deployment outside the window' },
    });
  });
});
