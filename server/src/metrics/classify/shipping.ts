import type { IdentityIndex } from '../identity.js';
import {
  type ChangeFact,
  type CommitInput,
  type DeploymentInput,
  type PullRequestInput,
  type ReviewInput,
  byFinish,
  seconds,
} from './types.js';

export interface RepoHistory {
  repo: string;
  defaultBranch: string | null;
  commits: CommitInput[];
  pullRequests: PullRequestInput[];
  reviews: ReviewInput[];
}

export interface ShippingResult {
  changes: ChangeFact[];
  /** per deployment: number of changes shipped and the rule used (baseline, git-ancestry, merged-pr-window) */
  perDeployment: Map<string, { shipped: number; rule: string }>;
}

/** A stage duration: null when its end is missing, 0 when negative (clock skew, reordered events). */
function stage(from: Date | null, to: Date | null): number | null {
  if (!from || !to) return null;
  return Math.max(0, seconds(from, to));
}

/**
 * What each successful production deployment of one service ships, and the lead time of each
 * change. With git history: the commits reachable from the deployment's SHA and not from any
 * earlier successful production deployment of the service (`git rev-list prev..sha`, where
 * a change keeps the first deployment that shipped it). Without it: the PRs merged into the
 * default branch after the previous deployment finished and before this one started.
 * The first known deployment is the baseline and ships nothing.
 */
export function computeShipping(
  service: string,
  deployments: DeploymentInput[],
  history: RepoHistory | null,
  identities: IdentityIndex,
  agentLabel: string,
  isProduction: (env: string) => boolean,
): ShippingResult {
  const counted = deployments.filter((d) => d.status === 'success' && isProduction(d.environment)).sort(byFinish);
  const perDeployment = new Map<string, { shipped: number; rule: string }>();
  const changes: ChangeFact[] = [];
  if (counted.length === 0) return { changes, perDeployment };

  const commits = new Map((history?.commits ?? []).map((c) => [c.sha, c]));
  const prs = history?.pullRequests ?? [];
  const mergedPrs = prs.filter((p) => p.mergedAt !== null);
  const prBySha = new Map<string, PullRequestInput>();
  for (const pr of mergedPrs) {
    for (const sha of pr.commits ?? []) prBySha.set(sha, pr);
    if (pr.mergeSha) prBySha.set(pr.mergeSha, pr);
  }
  const firstReview = new Map<number, Date>();
  const prAuthor = new Map(prs.map((p) => [p.number, identities.resolve(p.author).key]));
  for (const r of [...(history?.reviews ?? [])].sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime())) {
    if (firstReview.has(r.number)) continue;
    const who = identities.resolve(r.reviewer);
    if (who.kind === 'bot' || who.key === prAuthor.get(r.number)) continue;
    firstReview.set(r.number, r.submittedAt);
  }

  const seen = new Set<string>(); // commits reachable from an earlier deployment
  const shippedPrs = new Set<number>();
  const reach = (sha: string): string[] => {
    // iterative DFS stopping at commits already reachable from earlier deployments
    const out: string[] = [];
    const stack = [sha];
    while (stack.length) {
      const s = stack.pop()!;
      if (seen.has(s)) continue;
      const c = commits.get(s);
      if (!c) continue;
      seen.add(s);
      out.push(s);
      for (const p of c.parents) if (!seen.has(p)) stack.push(p);
    }
    return out;
  };

  const isAgentPr = (pr: PullRequestInput, shas: string[]) =>
    identities.resolve(pr.author).kind === 'agent' ||
    (pr.labels ?? []).some((l) => l.toLowerCase() === agentLabel.toLowerCase()) ||
    shas.some((s) => {
      const c = commits.get(s);
      return c !== undefined && (identities.resolve(c.author).kind === 'agent' || identities.agentCoAuthor(c.message) !== null);
    });

  const prChange = (pr: PullRequestInput, d: DeploymentInput, rule: ChangeFact['rule']): ChangeFact => {
    const shas = (pr.commits ?? []).filter((s) => commits.has(s));
    const firstCommit = shas.map((s) => commits.get(s)!.authoredAt).sort((a, b) => a.getTime() - b.getTime())[0];
    const startedAt = firstCommit && firstCommit < pr.createdAt ? firstCommit : pr.createdAt;
    const review = firstReview.get(pr.number) ?? null;
    return {
      repo: history!.repo,
      changeKey: `pr:${pr.number}`,
      deploymentId: d.id,
      service,
      prNumber: pr.number,
      shas: pr.mergeSha ? [...new Set([...(pr.commits ?? []), pr.mergeSha])] : (pr.commits ?? []),
      author: identities.resolve(pr.author).key,
      agent: isAgentPr(pr, shas),
      startedAt,
      openedAt: pr.createdAt,
      firstReviewAt: review,
      mergedAt: pr.mergedAt,
      deployedAt: d.finishedAt,
      leadTimeS: Math.max(0, seconds(startedAt, d.finishedAt)),
      codingS: stage(startedAt, pr.createdAt),
      pickupS: stage(pr.createdAt, review),
      reviewS: stage(review, pr.mergedAt),
      deployS: stage(pr.mergedAt, d.finishedAt),
      rule,
      labels: pr.labels,
    };
  };

  const hasGit = commits.size > 0;
  for (let i = 0; i < counted.length; i++) {
    const d = counted[i]!;
    const prev = counted[i - 1];
    if (!prev) {
      // baseline: everything reachable now counts as already shipped
      if (hasGit && d.sha) reach(d.sha);
      perDeployment.set(d.id, { shipped: 0, rule: 'baseline' });
      continue;
    }
    let shipped = 0;
    if (hasGit && d.sha && commits.has(d.sha)) {
      const newCommits = reach(d.sha);
      const byPr = new Map<number, PullRequestInput>();
      for (const sha of newCommits) {
        const pr = prBySha.get(sha);
        if (pr) {
          byPr.set(pr.number, pr);
          continue;
        }
        const c = commits.get(sha)!;
        if (c.parents.length > 1) continue; // a merge commit without a PR is not a change of its own
        const who = identities.resolve(c.author);
        changes.push({
          repo: history!.repo,
          changeKey: `commit:${sha}`,
          deploymentId: d.id,
          service,
          prNumber: null,
          shas: [sha],
          author: who.key,
          agent: who.kind === 'agent' || identities.agentCoAuthor(c.message) !== null,
          startedAt: c.authoredAt,
          openedAt: null,
          firstReviewAt: null,
          mergedAt: null,
          deployedAt: d.finishedAt,
          leadTimeS: Math.max(0, seconds(c.authoredAt, d.finishedAt)),
          codingS: null,
          pickupS: null,
          reviewS: null,
          deployS: null,
          rule: 'git-ancestry',
          labels: null,
        });
        shipped++;
      }
      for (const pr of byPr.values()) {
        if (shippedPrs.has(pr.number)) continue;
        shippedPrs.add(pr.number);
        changes.push(prChange(pr, d, 'git-ancestry'));
        shipped++;
      }
      perDeployment.set(d.id, { shipped, rule: 'git-ancestry' });
    } else {
      const start = d.startedAt ?? d.finishedAt;
      const branch = history?.defaultBranch ?? null;
      for (const pr of mergedPrs) {
        if (shippedPrs.has(pr.number)) continue;
        if (branch && pr.baseBranch !== branch) continue;
        if (pr.mergedAt! > prev.finishedAt && pr.mergedAt! < start) {
          shippedPrs.add(pr.number);
          changes.push(prChange(pr, d, 'merged-pr-window'));
          shipped++;
        }
      }
      perDeployment.set(d.id, { shipped, rule: 'merged-pr-window' });
    }
  }
  return { changes, perDeployment };
}
