import { IdentityIndex, type PersonRow } from '../identity.js';
import { DEFAULT_RULES } from '../rules.js';
import { computeRepoFacts, incidentMentionMatcher } from './repo-facts.js';
import type { CommitInput, PullRequestInput, ReviewInput } from './types.js';

/**
 * Per-repository facts behind the team-health metrics (metrics.md, "Team health"): which
 * reviews count (no self-reviews, no bots), the first qualifying review of each PR, practice-lead
 * reviews, agent-authored PRs, and out-of-hours human commits (person's zone when known).
 */

const t = (iso: string) => new Date(iso);
const people: PersonRow[] = [
  { key: 'ana', kind: 'human', emails: ['ana@acme.test'], logins: { github: 'ana-gh' }, roles: null, timeZone: null },
  { key: 'ben', kind: 'human', emails: null, logins: null, roles: null, timeZone: null },
  { key: 'cho', kind: 'human', emails: null, logins: null, roles: ['practice_lead'], timeZone: null },
  { key: 'kenji', kind: 'human', emails: null, logins: null, roles: null, timeZone: 'Asia/Tokyo' },
  { key: 'codex', kind: 'agent', emails: null, logins: null, roles: null, timeZone: null },
];
const identities = new IdentityIndex(people, { botPatterns: DEFAULT_RULES.botPatterns, agentPatterns: [] });
const rules = { agentLabel: 'agent', workingHours: DEFAULT_RULES.workingHours, timeZone: 'Europe/Paris' };

const pr = (p: Partial<PullRequestInput> & Pick<PullRequestInput, 'number'>): PullRequestInput => ({
  title: `PR ${p.number}`,
  body: '',
  author: 'ana-gh',
  createdAt: t('2026-03-02T10:00:00Z'),
  mergedAt: null,
  baseBranch: 'main',
  mergeSha: null,
  commits: null,
  labels: null,
  ...p,
});
const review = (number: number, id: string, reviewer: string, submittedAt: string): ReviewInput => ({ number, id, reviewer, submittedAt: t(submittedAt) });
const commit = (sha: string, author: string, authoredAt: string, message = 'change'): CommitInput => ({ sha, parents: [], author, authoredAt: t(authoredAt), message });

describe('review facts', () => {
  it("the first qualifying review skips the author's own reviews (under any alias) and bots' reviews", () => {
    // PR #1 by ana (login ana-gh), opened 10:00: ana by email 10:10 (self), renovate[bot] 10:20, ben 11:00, cho 11:30
    const f = computeRepoFacts(
      'acme/pay',
      [],
      [pr({ number: 1 })],
      [
        review(1, 'r4', 'cho', '2026-03-02T11:30:00Z'),
        review(1, 'r1', 'ana@acme.test', '2026-03-02T10:10:00Z'),
        review(1, 'r2', 'renovate[bot]', '2026-03-02T10:20:00Z'),
        review(1, 'r3', 'ben', '2026-03-02T11:00:00Z'),
      ],
      identities,
      rules,
    );
    expect(f.prs[0]).toMatchObject({ author: 'ana', firstReviewAt: t('2026-03-02T11:00:00Z'), firstReviewer: 'ben' });
    expect(f.reviews.map((r) => [r.id, r.reviewer, r.counted])).toEqual([
      ['r1', 'ana', false],
      ['r2', 'renovate[bot]', false],
      ['r3', 'ben', true],
      ['r4', 'cho', true],
    ]);
  });

  it('a PR reviewed only by its author and bots has no first review', () => {
    const f = computeRepoFacts('acme/pay', [], [pr({ number: 2 })], [review(2, 'r1', 'ana', '2026-03-02T10:10:00Z'), review(2, 'r2', 'dependabot[bot]', '2026-03-02T10:20:00Z')], identities, rules);
    expect(f.prs[0]).toMatchObject({ firstReviewAt: null, firstReviewer: null });
  });

  it('marks reviews by people with the practice-lead role', () => {
    const f = computeRepoFacts('acme/pay', [], [pr({ number: 1 })], [review(1, 'r1', 'cho', '2026-03-02T11:00:00Z'), review(1, 'r2', 'ben', '2026-03-02T11:30:00Z')], identities, rules);
    expect(f.reviews.map((r) => [r.reviewer, r.practiceLead])).toEqual([
      ['cho', true],
      ['ben', false],
    ]);
  });
});

describe('pull request facts', () => {
  it('records why a PR is agent-authored, and marks bot PRs', () => {
    const f = computeRepoFacts(
      'acme/pay',
      [commit('c3', 'ana', '2026-03-02T09:00:00Z', 'Fix\n\nCo-authored-by: Codex <codex>')],
      [
        pr({ number: 1, author: 'codex' }),
        pr({ number: 2, labels: ['AGENT'] }),
        pr({ number: 3, commits: ['c3'] }),
        pr({ number: 4, author: 'dependabot[bot]' }),
        pr({ number: 5 }),
      ],
      [],
      identities,
      rules,
    );
    expect(f.prs.map((p) => [p.number, p.agent, p.agentRule, p.bot])).toEqual([
      [1, true, 'author-person-record', false],
      [2, true, 'label', false],
      [3, true, 'co-authored-by', false],
      [4, false, null, true],
      [5, false, null, false],
    ]);
  });

  it('keeps the incident ids a PR mentions (the link that makes a deployment rework)', () => {
    const mentions = incidentMentionMatcher(['INC-2041', 'INC-7'])!;
    const f = computeRepoFacts('acme/pay', [], [pr({ number: 1, title: 'Hotfix for INC-2041', body: 'see also INC-20410' }), pr({ number: 2 })], [], identities, rules, mentions);
    expect(f.prs.map((p) => p.incidentRefs)).toEqual([['INC-2041'], null]);
  });
});

describe('out-of-hours commits', () => {
  it("uses the author's own zone when known and the org's zone otherwise; only human commits count", () => {
    // org zone Europe/Paris (UTC+1 in March before the 29th)
    // k1 kenji (Asia/Tokyo) 01:00Z = Mon 10:00 Tokyo → in hours (it would be 02:00 in Paris → out)
    // a1 ana (no zone) 17:30Z = Mon 18:30 Paris → out (it would be 17:30 in UTC → in)
    // a2 ana 08:30Z = Mon 09:30 Paris → in
    // b1 dependabot[bot] Saturday, x1 codex (agent) 03:00Z → not human: never out of hours
    const f = computeRepoFacts(
      'acme/pay',
      [
        commit('k1', 'kenji', '2026-03-02T01:00:00Z'),
        commit('a1', 'ana@acme.test', '2026-03-02T17:30:00Z'),
        commit('a2', 'ana', '2026-03-02T08:30:00Z'),
        commit('b1', 'dependabot[bot]', '2026-03-07T12:00:00Z'),
        commit('c1', 'codex', '2026-03-02T03:00:00Z'),
      ],
      [],
      [],
      identities,
      rules,
    );
    expect(f.commits.map((c) => [c.sha, c.author, c.human, c.outOfHours, c.timeZone])).toEqual([
      ['k1', 'kenji', true, false, 'Asia/Tokyo'],
      ['a1', 'ana', true, true, 'Europe/Paris'],
      ['a2', 'ana', true, false, 'Europe/Paris'],
      ['b1', 'dependabot[bot]', false, false, 'Europe/Paris'],
      ['c1', 'codex', false, false, 'Europe/Paris'],
    ]);
  });
});
