import { IdentityIndex, type PersonRow } from '../identity.js';
import { DEFAULT_RULES, productionMatcher } from '../rules.js';
import { type RepoHistory, computeShipping } from './shipping.js';
import type { CommitInput, DeploymentInput, PullRequestInput, ReviewInput } from './types.js';

/**
 * What each successful production deployment ships (metrics.md, "Deployments") and the lead
 * time of each change with its stage breakdown (metrics.md, `lead_time_for_changes`).
 * Fixtures are plain rows; times are UTC.
 */

const people: PersonRow[] = [
  { key: 'ana', kind: 'human', emails: ['ana@acme.test'], logins: { github: 'ana-gh' }, roles: null, timeZone: null },
  { key: 'ben', kind: 'human', emails: null, logins: null, roles: null, timeZone: null },
  { key: 'codex', kind: 'agent', emails: null, logins: null, roles: null, timeZone: null },
];
const identities = new IdentityIndex(people, { botPatterns: DEFAULT_RULES.botPatterns, agentPatterns: [] });
const isProduction = productionMatcher({ productionPattern: '^(prod|production|live)$' });
const t = (iso: string) => new Date(iso);

const commit = (sha: string, parents: string[], authoredAt: string, author = 'ana', message = `commit ${sha}`): CommitInput => ({
  sha,
  parents,
  author,
  authoredAt: t(authoredAt),
  message,
});

const pr = (p: Partial<PullRequestInput> & Pick<PullRequestInput, 'number' | 'createdAt'>): PullRequestInput => ({
  title: `PR ${p.number}`,
  body: '',
  author: 'ana',
  mergedAt: null,
  baseBranch: 'main',
  mergeSha: null,
  commits: null,
  labels: null,
  ...p,
});

const review = (number: number, id: string, reviewer: string, submittedAt: string): ReviewInput => ({ number, id, reviewer, submittedAt: t(submittedAt) });

const deployment = (d: Partial<DeploymentInput> & Pick<DeploymentInput, 'id' | 'finishedAt'>): DeploymentInput => ({
  service: 'pay-api',
  repo: 'acme/pay',
  environment: 'production',
  sha: null,
  status: 'success',
  startedAt: null,
  rollback: null,
  failed: null,
  ...d,
});

const history = (h: Partial<RepoHistory>): RepoHistory => ({ repo: 'acme/pay', defaultBranch: 'main', commits: [], pullRequests: [], reviews: [], ...h });

const ship = (deployments: DeploymentInput[], h: RepoHistory | null) =>
  computeShipping('pay-api', deployments, h, identities, DEFAULT_RULES.agentLabel, isProduction);

describe('what a deployment ships (git ancestry over stored parents)', () => {
  it('the first successful production deployment is the baseline and ships nothing', () => {
    const h = history({ commits: [commit('a1', [], '2026-03-01T10:00:00Z'), commit('a2', ['a1'], '2026-03-01T11:00:00Z')] });
    const r = ship([deployment({ id: 'd1', sha: 'a2', finishedAt: t('2026-03-02T10:00:00Z') })], h);
    expect(r.changes).toEqual([]);
    expect(r.perDeployment.get('d1')).toEqual({ shipped: 0, rule: 'baseline' });
  });

  it('ships the commits reachable from its SHA and not from the previous deployment; commits without a PR start at their author time', () => {
    // main: a1 ← a2 ← a3 ← a4; d1 deploys a2 (baseline), d2 deploys a4 → ships a3 and a4
    // lead time a3 = 12:00 − 09:00 = 3 h = 10 800 s; a4 = 12:00 − 11:00 = 3 600 s
    const h = history({
      commits: [
        commit('a1', [], '2026-03-01T10:00:00Z'),
        commit('a2', ['a1'], '2026-03-01T11:00:00Z'),
        commit('a3', ['a2'], '2026-03-02T09:00:00Z', 'ben'),
        commit('a4', ['a3'], '2026-03-02T11:00:00Z'),
      ],
    });
    const r = ship(
      [deployment({ id: 'd1', sha: 'a2', finishedAt: t('2026-03-01T12:00:00Z') }), deployment({ id: 'd2', sha: 'a4', finishedAt: t('2026-03-02T12:00:00Z') })],
      h,
    );
    expect(r.perDeployment.get('d2')).toEqual({ shipped: 2, rule: 'git-ancestry' });
    const byKey = Object.fromEntries(r.changes.map((c) => [c.changeKey, c]));
    expect(Object.keys(byKey).sort()).toEqual(['commit:a3', 'commit:a4']);
    expect(byKey['commit:a3']).toMatchObject({
      deploymentId: 'd2',
      prNumber: null,
      author: 'ben',
      startedAt: t('2026-03-02T09:00:00Z'),
      leadTimeS: 10_800,
      codingS: null,
      pickupS: null,
      reviewS: null,
      deployS: null,
      rule: 'git-ancestry',
    });
    expect(byKey['commit:a4']!.leadTimeS).toBe(3_600);
  });

  it('a merge commit without a PR is not a change of its own', () => {
    // a1 ← a2 (side) ; a1 ← a3 ; m = merge(a3, a2) without PR; d1 deploys a1, d2 deploys m → changes a2, a3 only
    const h = history({
      commits: [
        commit('a1', [], '2026-03-01T10:00:00Z'),
        commit('a2', ['a1'], '2026-03-01T11:00:00Z'),
        commit('a3', ['a1'], '2026-03-01T12:00:00Z'),
        commit('ee', ['a3', 'a2'], '2026-03-01T13:00:00Z'),
      ],
    });
    const r = ship(
      [deployment({ id: 'd1', sha: 'a1', finishedAt: t('2026-03-01T10:30:00Z') }), deployment({ id: 'd2', sha: 'ee', finishedAt: t('2026-03-01T14:00:00Z') })],
      h,
    );
    expect(r.changes.map((c) => c.changeKey).sort()).toEqual(['commit:a2', 'commit:a3']);
    expect(r.perDeployment.get('d2')).toEqual({ shipped: 2, rule: 'git-ancestry' });
  });

  it('a merged PR is one change, whatever number of its commits the deployment reaches', () => {
    // PR #4 (commits b1, b2) merged by merge commit m4 (parents a1, b2); d2 ships b1, b2, m4 → one change pr:4
    const h = history({
      commits: [
        commit('a1', [], '2026-03-01T09:00:00Z'),
        commit('b1', ['a1'], '2026-03-02T09:00:00Z'),
        commit('b2', ['b1'], '2026-03-02T10:00:00Z'),
        commit('f4', ['a1', 'b2'], '2026-03-02T12:00:00Z'),
      ],
      pullRequests: [pr({ number: 4, createdAt: t('2026-03-02T10:30:00Z'), mergedAt: t('2026-03-02T12:00:00Z'), mergeSha: 'f4', commits: ['b1', 'b2'] })],
    });
    const r = ship(
      [deployment({ id: 'd1', sha: 'a1', finishedAt: t('2026-03-01T10:00:00Z') }), deployment({ id: 'd2', sha: 'f4', finishedAt: t('2026-03-02T13:00:00Z') })],
      h,
    );
    expect(r.changes.map((c) => c.changeKey)).toEqual(['pr:4']);
    // start = first commit b1 09:00 (before PR creation 10:30); lead = 13:00 − 09:00 = 14 400 s
    expect(r.changes[0]).toMatchObject({ startedAt: t('2026-03-02T09:00:00Z'), leadTimeS: 14_400, shas: ['b1', 'b2', 'f4'] });
  });

  it("a squash-merged PR's lead time starts at its first commit (PR commits not reachable from main, mergeSha reachable)", () => {
    // main: e1 ← 5e7 (squash of PR #7). The PR's commits f1 ← f2 hang off e1 and are not ancestors of 5e7.
    // PR #7: first commit f1 03-02 08:00, opened 03-02 12:00, first review (ben) 03-03 09:00, merged 03-03 10:00;
    // d2 finished 03-03 12:00 → lead = 03-03 12:00 − 03-02 08:00 = 28 h = 100 800 s
    // coding 08:00→12:00 = 14 400; pickup 03-02 12:00→03-03 09:00 = 75 600; review 09:00→10:00 = 3 600; deploy 10:00→12:00 = 7 200
    // (14 400 + 75 600 + 3 600 + 7 200 = 100 800: the stages add up here because none is clamped or missing)
    const h = history({
      commits: [
        commit('e1', [], '2026-03-01T07:00:00Z'),
        commit('f1', ['e1'], '2026-03-02T08:00:00Z'),
        commit('f2', ['f1'], '2026-03-02T11:00:00Z'),
        commit('5e7', ['e1'], '2026-03-03T10:00:00Z', 'ana', 'Squashed PR #7 (#7)'),
      ],
      pullRequests: [
        pr({ number: 7, author: 'ana-gh', createdAt: t('2026-03-02T12:00:00Z'), mergedAt: t('2026-03-03T10:00:00Z'), mergeSha: '5e7', commits: ['f1', 'f2'] }),
      ],
      reviews: [review(7, 'r1', 'ben', '2026-03-03T09:00:00Z')],
    });
    const r = ship(
      [deployment({ id: 'd1', sha: 'e1', finishedAt: t('2026-03-01T08:00:00Z') }), deployment({ id: 'd2', sha: '5e7', finishedAt: t('2026-03-03T12:00:00Z') })],
      h,
    );
    expect(r.changes).toHaveLength(1);
    expect(r.changes[0]).toMatchObject({
      changeKey: 'pr:7',
      deploymentId: 'd2',
      author: 'ana',
      startedAt: t('2026-03-02T08:00:00Z'),
      leadTimeS: 100_800,
      codingS: 14_400,
      pickupS: 75_600,
      reviewS: 3_600,
      deployS: 7_200,
      rule: 'git-ancestry',
    });
  });

  it('a PR whose first commit is after the PR opened starts at PR creation (coding stage 0)', () => {
    // PR #8 opened 09:00 (empty draft), first commit c8 authored 11:00, merged 12:00, deployed 13:00
    // start = earliest(11:00, 09:00) = 09:00 → lead = 4 h = 14 400 s; coding = 09:00 → 09:00 = 0
    const h = history({
      commits: [commit('a1', [], '2026-03-01T09:00:00Z'), commit('c8', ['a1'], '2026-03-02T11:00:00Z')],
      pullRequests: [pr({ number: 8, createdAt: t('2026-03-02T09:00:00Z'), mergedAt: t('2026-03-02T12:00:00Z'), mergeSha: 'c8', commits: ['c8'] })],
    });
    const r = ship(
      [deployment({ id: 'd1', sha: 'a1', finishedAt: t('2026-03-01T10:00:00Z') }), deployment({ id: 'd2', sha: 'c8', finishedAt: t('2026-03-02T13:00:00Z') })],
      h,
    );
    expect(r.changes[0]).toMatchObject({ changeKey: 'pr:8', startedAt: t('2026-03-02T09:00:00Z'), leadTimeS: 14_400, codingS: 0 });
  });

  it('stage breakdown: a negative stage is 0, a stage with a missing end is null, and the total is computed directly', () => {
    // PR #9: first commit 08:00, opened 10:00, only a self-review (no pickup), merged 12:05 (clock skew:
    // after the deployment that ships it finished at 12:00)
    // coding 08:00→10:00 = 7 200; pickup null (no qualifying review); review null (no start);
    // deploy 12:05→12:00 = −300 → 0; total = 12:00 − 08:00 = 14 400 (not 7 200 + 0)
    const h = history({
      commits: [commit('a1', [], '2026-03-01T09:00:00Z'), commit('c9', ['a1'], '2026-03-02T08:00:00Z')],
      pullRequests: [pr({ number: 9, createdAt: t('2026-03-02T10:00:00Z'), mergedAt: t('2026-03-02T12:05:00Z'), mergeSha: 'c9', commits: ['c9'] })],
      reviews: [review(9, 'r1', 'ana@acme.test', '2026-03-02T10:30:00Z')],
    });
    const r = ship(
      [deployment({ id: 'd1', sha: 'a1', finishedAt: t('2026-03-01T10:00:00Z') }), deployment({ id: 'd2', sha: 'c9', finishedAt: t('2026-03-02T12:00:00Z') })],
      h,
    );
    expect(r.changes[0]).toMatchObject({ leadTimeS: 14_400, codingS: 7_200, pickupS: null, reviewS: null, deployS: 0, firstReviewAt: null });
  });

  it('the pickup stage ends at the first review by someone other than the author, bots excluded', () => {
    // PR #5 by ana (login ana-gh) opened 10:00; reviews: ana by email 10:10 (self), dependabot[bot] 10:20, ben 11:00
    // pickup = 11:00 − 10:00 = 3 600
    const h = history({
      commits: [commit('a1', [], '2026-03-01T09:00:00Z'), commit('c5', ['a1'], '2026-03-02T09:00:00Z')],
      pullRequests: [pr({ number: 5, author: 'ana-gh', createdAt: t('2026-03-02T10:00:00Z'), mergedAt: t('2026-03-02T12:00:00Z'), mergeSha: 'c5', commits: ['c5'] })],
      reviews: [review(5, 'r3', 'ben', '2026-03-02T11:00:00Z'), review(5, 'r1', 'ana@acme.test', '2026-03-02T10:10:00Z'), review(5, 'r2', 'dependabot[bot]', '2026-03-02T10:20:00Z')],
    });
    const r = ship(
      [deployment({ id: 'd1', sha: 'a1', finishedAt: t('2026-03-01T10:00:00Z') }), deployment({ id: 'd2', sha: 'c5', finishedAt: t('2026-03-02T13:00:00Z') })],
      h,
    );
    expect(r.changes[0]).toMatchObject({ firstReviewAt: t('2026-03-02T11:00:00Z'), pickupS: 3_600, reviewS: 3_600 });
  });

  it('marks a PR agent-authored by its author, its label or an agent co-author trailer', () => {
    // #1 by the agent codex; #2 labelled "Agent"; #3 with a commit co-authored by codex; #4 human
    const h = history({
      commits: [
        commit('a0', [], '2026-03-01T09:00:00Z'),
        commit('a1', ['a0'], '2026-03-02T09:00:00Z', 'codex'),
        commit('a2', ['a1'], '2026-03-02T09:10:00Z'),
        commit('a3', ['a2'], '2026-03-02T09:20:00Z', 'ana', 'Fix\n\nCo-authored-by: Codex <codex>'),
        commit('a4', ['a3'], '2026-03-02T09:30:00Z'),
      ],
      pullRequests: [
        pr({ number: 1, author: 'codex', createdAt: t('2026-03-02T09:05:00Z'), mergedAt: t('2026-03-02T10:00:00Z'), mergeSha: 'a1', commits: ['a1'] }),
        pr({ number: 2, createdAt: t('2026-03-02T09:15:00Z'), mergedAt: t('2026-03-02T10:00:00Z'), mergeSha: 'a2', commits: ['a2'], labels: ['Agent'] }),
        pr({ number: 3, createdAt: t('2026-03-02T09:25:00Z'), mergedAt: t('2026-03-02T10:00:00Z'), mergeSha: 'a3', commits: ['a3'] }),
        pr({ number: 4, createdAt: t('2026-03-02T09:35:00Z'), mergedAt: t('2026-03-02T10:00:00Z'), mergeSha: 'a4', commits: ['a4'] }),
      ],
    });
    const r = ship(
      [deployment({ id: 'd1', sha: 'a0', finishedAt: t('2026-03-01T10:00:00Z') }), deployment({ id: 'd2', sha: 'a4', finishedAt: t('2026-03-02T11:00:00Z') })],
      h,
    );
    const agent = Object.fromEntries(r.changes.map((c) => [c.prNumber, c.agent]));
    expect(agent).toEqual({ 1: true, 2: true, 3: true, 4: false });
  });
});

describe('a change keeps the first deployment that ships it', () => {
  it('a change shipped by a deployment that was rolled back and shipped again by the second deployment after it keeps its first deployment', () => {
    // d1 baseline (a1); d2 ships PR #11 (c11); d3 rolls back to a1; d4 deploys c12 (on top of c11) → ships only PR #12
    const h = history({
      commits: [commit('a1', [], '2026-03-01T09:00:00Z'), commit('c11', ['a1'], '2026-03-02T09:00:00Z'), commit('c12', ['c11'], '2026-03-03T09:00:00Z')],
      pullRequests: [
        pr({ number: 11, createdAt: t('2026-03-02T09:30:00Z'), mergedAt: t('2026-03-02T10:00:00Z'), mergeSha: 'c11', commits: ['c11'] }),
        pr({ number: 12, createdAt: t('2026-03-03T09:30:00Z'), mergedAt: t('2026-03-03T10:00:00Z'), mergeSha: 'c12', commits: ['c12'] }),
      ],
    });
    const r = ship(
      [
        deployment({ id: 'd1', sha: 'a1', finishedAt: t('2026-03-01T10:00:00Z') }),
        deployment({ id: 'd2', sha: 'c11', finishedAt: t('2026-03-02T11:00:00Z') }),
        deployment({ id: 'd3', sha: 'a1', finishedAt: t('2026-03-02T12:00:00Z'), rollback: true }),
        deployment({ id: 'd4', sha: 'c12', finishedAt: t('2026-03-03T11:00:00Z') }),
      ],
      h,
    );
    // PR #11 lead = d2 11:00 − 09:00 = 7 200 (not d4's 26 h)
    expect(r.changes.map((c) => [c.changeKey, c.deploymentId, c.leadTimeS])).toEqual([
      ['pr:11', 'd2', 7_200],
      ['pr:12', 'd4', 7_200],
    ]);
    expect(r.perDeployment.get('d3')).toEqual({ shipped: 0, rule: 'git-ancestry' });
  });

  it('an unsuccessful or non-production deployment ships nothing: the change goes to the next successful production one', () => {
    // d2 (status failure) and d3 (staging) deploy c2; d4 (success, production) ships it
    const h = history({ commits: [commit('a1', [], '2026-03-01T09:00:00Z'), commit('c2', ['a1'], '2026-03-02T09:00:00Z')] });
    const r = ship(
      [
        deployment({ id: 'd1', sha: 'a1', finishedAt: t('2026-03-01T10:00:00Z') }),
        deployment({ id: 'd2', sha: 'c2', finishedAt: t('2026-03-02T10:00:00Z'), status: 'failure' }),
        deployment({ id: 'd3', sha: 'c2', finishedAt: t('2026-03-02T10:30:00Z'), environment: 'staging' }),
        deployment({ id: 'd4', sha: 'c2', finishedAt: t('2026-03-02T11:00:00Z') }),
      ],
      h,
    );
    // lead = 11:00 − 09:00 = 7 200
    expect(r.changes.map((c) => [c.changeKey, c.deploymentId, c.leadTimeS])).toEqual([['commit:c2', 'd4', 7_200]]);
    expect([...r.perDeployment.keys()]).toEqual(['d1', 'd4']);
  });
});

describe('merged-PR window fallback (repository without commit history)', () => {
  it('ships the PRs merged into the default branch after the previous deployment finished and before this one started', () => {
    // d1 finished 03-01 10:00 (baseline); d2 started 03-03 10:00, finished 10:30
    // #1 merged 03-01 09:00 (before d1: never shipped); #2 merged 03-02 12:00 → d2;
    // #3 merged into "release" → not the default branch; #4 never merged
    const h = history({
      pullRequests: [
        pr({ number: 1, createdAt: t('2026-02-28T09:00:00Z'), mergedAt: t('2026-03-01T09:00:00Z') }),
        pr({ number: 2, createdAt: t('2026-03-02T09:00:00Z'), mergedAt: t('2026-03-02T12:00:00Z') }),
        pr({ number: 3, createdAt: t('2026-03-02T09:00:00Z'), mergedAt: t('2026-03-02T13:00:00Z'), baseBranch: 'release' }),
        pr({ number: 4, createdAt: t('2026-03-02T09:00:00Z') }),
      ],
    });
    const r = ship(
      [
        deployment({ id: 'd1', finishedAt: t('2026-03-01T10:00:00Z') }),
        deployment({ id: 'd2', startedAt: t('2026-03-03T10:00:00Z'), finishedAt: t('2026-03-03T10:30:00Z') }),
      ],
      h,
    );
    // #2: start = PR creation (no commits known) 03-02 09:00 → lead = 03-03 10:30 − 03-02 09:00 = 25.5 h = 91 800 s
    // deploy stage = 03-02 12:00 → 03-03 10:30 = 22.5 h = 81 000 s
    expect(r.changes).toHaveLength(1);
    expect(r.changes[0]).toMatchObject({ changeKey: 'pr:2', deploymentId: 'd2', leadTimeS: 91_800, codingS: 0, deployS: 81_000, rule: 'merged-pr-window' });
    expect(r.perDeployment.get('d1')).toEqual({ shipped: 0, rule: 'baseline' });
    expect(r.perDeployment.get('d2')).toEqual({ shipped: 1, rule: 'merged-pr-window' });
  });

  it('uses the finish time as the start of a deployment without a start time', () => {
    // d2 has no startedAt: window = (d1 finished 10:00, d2 finished 12:00); #2 merged 11:59 → d2
    const h = history({ pullRequests: [pr({ number: 2, createdAt: t('2026-03-01T11:00:00Z'), mergedAt: t('2026-03-01T11:59:00Z') })] });
    const r = ship([deployment({ id: 'd1', finishedAt: t('2026-03-01T10:00:00Z') }), deployment({ id: 'd2', finishedAt: t('2026-03-01T12:00:00Z') })], h);
    // lead = 12:00 − 11:00 = 3 600
    expect(r.changes.map((c) => [c.changeKey, c.deploymentId, c.leadTimeS])).toEqual([['pr:2', 'd2', 3_600]]);
  });

  it('a service without any repository still gets a baseline, and later deployments ship nothing', () => {
    const r = ship([deployment({ id: 'd1', repo: null, finishedAt: t('2026-03-01T10:00:00Z') }), deployment({ id: 'd2', repo: null, finishedAt: t('2026-03-02T10:00:00Z') })], null);
    expect(r.changes).toEqual([]);
    expect(Object.fromEntries(r.perDeployment)).toEqual({ d1: { shipped: 0, rule: 'baseline' }, d2: { shipped: 0, rule: 'merged-pr-window' } });
  });
});
