import { type IdentityIndex, isOutOfHours } from '../identity.js';
import type { MetricRules } from '../rules.js';
import type { CommitInput, PullRequestInput, ReviewInput } from './types.js';

export interface PrFact {
  repo: string;
  number: number;
  author: string;
  agent: boolean;
  agentRule: string | null;
  bot: boolean;
  createdAt: Date;
  mergedAt: Date | null;
  firstReviewAt: Date | null;
  firstReviewer: string | null;
  incidentRefs: string[] | null;
}

export interface ReviewFact {
  repo: string;
  number: number;
  id: string;
  reviewer: string;
  submittedAt: Date;
  counted: boolean;
  practiceLead: boolean;
}

export interface CommitFact {
  repo: string;
  sha: string;
  author: string;
  human: boolean;
  authoredAt: Date;
  outOfHours: boolean;
  timeZone: string;
}

/**
 * Per-repository facts for the team-health metrics: PR authorship (agent/bot) and first
 * qualifying review; which reviews count (not the PR author's own, not bots'); which human
 * commits were authored outside working hours (in the person's zone when known).
 */
export function computeRepoFacts(
  repo: string,
  commits: CommitInput[],
  prs: PullRequestInput[],
  reviews: ReviewInput[],
  identities: IdentityIndex,
  rules: Pick<MetricRules, 'agentLabel' | 'workingHours' | 'timeZone'>,
  /** finds incident ids mentioned in a PR's text (null when no incident is known) */
  incidentMentions: ((text: string) => string[]) | null = null,
): { prs: PrFact[]; reviews: ReviewFact[]; commits: CommitFact[] } {
  const commitBySha = new Map(commits.map((c) => [c.sha, c]));
  const authorOf = new Map<number, string>();
  const prFacts: PrFact[] = prs.map((pr) => {
    const who = identities.resolve(pr.author);
    authorOf.set(pr.number, who.key);
    let agentRule: string | null = null;
    if (who.kind === 'agent') agentRule = `author-${who.rule}`;
    else if ((pr.labels ?? []).some((l) => l.toLowerCase() === rules.agentLabel.toLowerCase())) agentRule = 'label';
    else if ((pr.commits ?? []).some((s) => {
      const c = commitBySha.get(s);
      return c !== undefined && identities.agentCoAuthor(c.message) !== null;
    })) agentRule = 'co-authored-by';
    return {
      repo,
      number: pr.number,
      author: who.key,
      agent: agentRule !== null,
      agentRule,
      bot: who.kind === 'bot',
      createdAt: pr.createdAt,
      mergedAt: pr.mergedAt,
      firstReviewAt: null,
      firstReviewer: null,
      incidentRefs: incidentMentions ? nullIfEmpty(incidentMentions(`${pr.title}\n${pr.body}`)) : null,
    };
  });
  const prByNumber = new Map(prFacts.map((p) => [p.number, p]));
  const reviewFacts: ReviewFact[] = [];
  for (const r of [...reviews].sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime() || (a.id < b.id ? -1 : 1))) {
    const who = identities.resolve(r.reviewer);
    const counted = who.kind !== 'bot' && who.key !== authorOf.get(r.number);
    reviewFacts.push({
      repo,
      number: r.number,
      id: r.id,
      reviewer: who.key,
      submittedAt: r.submittedAt,
      counted,
      practiceLead: who.roles.includes('practice_lead'),
    });
    const pr = prByNumber.get(r.number);
    if (counted && pr && pr.firstReviewAt === null) {
      pr.firstReviewAt = r.submittedAt;
      pr.firstReviewer = who.key;
    }
  }
  const commitFacts: CommitFact[] = commits.map((c) => {
    const who = identities.resolve(c.author);
    const zone = who.timeZone ?? rules.timeZone;
    const human = who.kind === 'human';
    return {
      repo,
      sha: c.sha,
      author: who.key,
      human,
      authoredAt: c.authoredAt,
      outOfHours: human && isOutOfHours(c.authoredAt, zone, rules.workingHours),
      timeZone: zone,
    };
  });
  return { prs: prFacts, reviews: reviewFacts, commits: commitFacts };
}

function nullIfEmpty(a: string[]): string[] | null {
  return a.length ? a : null;
}

/** Builds a matcher of incident ids as whole tokens (ids shorter than 4 characters are ignored). */
export function incidentMentionMatcher(ids: string[]): ((text: string) => string[]) | null {
  const usable = ids.filter((id) => id.length >= 4);
  if (!usable.length) return null;
  const escaped = usable.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`(?:^|[^\\w-])(${escaped.join('|')})(?![\\w-])`, 'g');
  return (text) => [...new Set([...text.matchAll(re)].map((m) => m[1]!))];
}
