import type {
  CanonicalRecord,
  CiRunRecord,
  CiStatus,
  CommitRecord,
  DeploymentRecord,
  IncidentRecord,
  PrEventRecord,
  PullRequestRecord,
  ReviewRecord,
  ReviewState,
} from '@bearing/shared';
import { serviceFor, type GithubConfig } from './config.js';
import { parseRootCause } from './root-cause.js';

/**
 * Pure mappers: GitHub REST / webhook objects → canonical records. The REST API and the
 * webhook payloads share object shapes, so one mapper serves both. No clock, no I/O.
 * The interfaces list only the fields read (GitHub sends many more).
 */

export interface GhUser {
  login: string;
  type?: string;
}
export interface GhLabel {
  name: string;
}
export interface GhPull {
  number: number;
  title: string;
  body?: string | null;
  user: GhUser | null;
  created_at: string;
  updated_at: string;
  merged_at?: string | null;
  closed_at?: string | null;
  base: { ref: string };
  head: { ref: string };
  merge_commit_sha?: string | null;
  labels?: GhLabel[];
}
export interface GhGitPerson {
  name?: string | null;
  email?: string | null;
  date?: string;
}
/** REST commit object (`GET /repos/{o}/{r}/pulls/{n}/commits`) */
export interface GhRestCommit {
  sha: string;
  parents: { sha: string }[];
  commit: { message: string; author: GhGitPerson | null; committer: GhGitPerson | null };
  author: GhUser | null;
}
export interface GhReview {
  id: number;
  user: GhUser | null;
  state: string;
  submitted_at?: string | null;
}
/** issue event (`GET /repos/{o}/{r}/issues/{n}/events`) */
export interface GhIssueEvent {
  id: number;
  event: string;
  created_at: string;
  actor: GhUser | null;
  label?: GhLabel | null;
}
export interface GhRun {
  id: number;
  name?: string | null;
  head_branch: string | null;
  head_sha: string;
  status: string | null;
  conclusion: string | null;
  created_at: string;
  updated_at: string;
  run_started_at?: string | null;
  pull_requests?: { number: number }[] | null;
}
export interface GhJob {
  id: number;
  run_id: number;
  name: string;
  workflow_name?: string | null;
  head_branch?: string | null;
  head_sha: string;
  status: string;
  conclusion: string | null;
  started_at: string;
  completed_at: string | null;
}
export interface GhCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  started_at: string | null;
  completed_at: string | null;
  app?: { slug?: string; name?: string } | null;
  check_suite?: { head_branch?: string | null } | null;
  pull_requests?: { number: number }[] | null;
}
export interface GhDeployment {
  id: number;
  sha: string;
  ref?: string;
  environment: string;
  created_at: string;
}
export interface GhDeploymentStatus {
  id: number;
  state: string;
  created_at: string;
}
export interface GhRelease {
  id: number;
  tag_name: string;
  target_commitish?: string | null;
  draft: boolean;
  prerelease: boolean;
  created_at: string;
  published_at: string | null;
}
export interface GhIssue {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  labels?: (GhLabel | string)[];
  pull_request?: unknown;
}
export interface GhPushCommit {
  id: string;
  message: string;
  timestamp: string;
  author: { name?: string | null; email?: string | null; username?: string | null };
}

/** The PR and everything fetched with it: what `raw_events` keeps for replays. */
export interface PullBundle {
  pull: GhPull;
  commits: GhRestCommit[];
  reviews: GhReview[];
  events: GhIssueEvent[];
}

const GHOST = 'ghost'; // GitHub's placeholder for deleted accounts

export const deploymentId = (repo: string, id: number): string => `github:${repo}:deployment:${id}`;
export const releaseDeploymentId = (repo: string, id: number): string => `github:${repo}:release:${id}`;
export const runDeploymentId = (repo: string, id: number): string => `github:${repo}:run:${id}`;
export const issueIncidentId = (repo: string, n: number): string => `github:${repo}#${n}`;

function login(u: GhUser | null | undefined): string {
  return u?.login || GHOST;
}

function labelName(l: GhLabel | string): string {
  return typeof l === 'string' ? l : l.name;
}

export function mapPullRequest(repo: string, pull: GhPull, commitShas?: string[]): PullRequestRecord {
  const rec: PullRequestRecord = {
    type: 'pull_request',
    repo,
    number: pull.number,
    title: pull.title,
    body: pull.body ?? '',
    author: login(pull.user),
    createdAt: pull.created_at,
    mergedAt: pull.merged_at ?? null,
    closedAt: pull.closed_at ?? null,
    baseBranch: pull.base.ref,
    headBranch: pull.head.ref,
    // an open PR's merge_commit_sha is GitHub's test merge, not a shipped commit
    mergeSha: pull.merged_at ? (pull.merge_commit_sha?.toLowerCase() ?? null) : null,
    labels: (pull.labels ?? []).map(labelName),
  };
  if (commitShas) rec.commits = commitShas.map((s) => s.toLowerCase());
  return rec;
}

export function mapRestCommit(repo: string, c: GhRestCommit): CommitRecord {
  const authoredAt = c.commit.author?.date ?? c.commit.committer?.date;
  const committedAt = c.commit.committer?.date ?? authoredAt;
  return {
    type: 'commit',
    repo,
    sha: c.sha.toLowerCase(),
    parents: c.parents.map((p) => p.sha.toLowerCase()),
    author: c.author?.login || c.commit.author?.email || c.commit.author?.name || GHOST,
    authoredAt: authoredAt!,
    committedAt: committedAt!,
    message: c.commit.message,
  };
}

const REVIEW_STATES: Record<string, ReviewState> = {
  approved: 'approved',
  changes_requested: 'changes_requested',
  commented: 'commented',
  dismissed: 'dismissed',
};

/** A pending (unsubmitted) review yields null. */
export function mapReview(repo: string, number: number, r: GhReview): ReviewRecord | null {
  const state = REVIEW_STATES[r.state.toLowerCase()];
  if (!state || !r.submitted_at) return null;
  return { type: 'review', repo, number, id: String(r.id), reviewer: login(r.user), state, submittedAt: r.submitted_at };
}

/**
 * PR events get a content-derived id (`labeled:drift@<at>`) because webhook deliveries carry
 * no event id: the REST sync and the webhook then write the same row.
 */
export function prEventId(kind: PrEventRecord['kind'], label: string | null, at: string): string {
  return label ? `${kind}:${label}@${at}` : `${kind}@${at}`;
}

function prEvent(repo: string, number: number, kind: PrEventRecord['kind'], label: string | null, at: string, actor: GhUser | null | undefined): PrEventRecord {
  return { type: 'pr_event', repo, number, id: prEventId(kind, label, at), kind, label, at, actor: actor?.login ?? null };
}

/** labeled / unlabeled / ready_for_review; `renamed` (a title edit) → edited; other events → null. */
export function mapIssueEvent(repo: string, number: number, e: GhIssueEvent): PrEventRecord | null {
  switch (e.event) {
    case 'labeled':
    case 'unlabeled':
      return e.label?.name ? prEvent(repo, number, e.event, e.label.name, e.created_at, e.actor) : null;
    case 'ready_for_review':
      return prEvent(repo, number, 'ready_for_review', null, e.created_at, e.actor);
    case 'renamed':
      return prEvent(repo, number, 'edited', null, e.created_at, e.actor);
    default:
      return null;
  }
}

/** A PR with its commits, reviews and label events (REST sync). Commits come first. */
export function mapPullBundle(repo: string, b: PullBundle): CanonicalRecord[] {
  const out: CanonicalRecord[] = b.commits.map((c) => mapRestCommit(repo, c));
  out.push(mapPullRequest(repo, b.pull, b.commits.map((c) => c.sha)));
  for (const r of b.reviews) {
    const rec = mapReview(repo, b.pull.number, r);
    if (rec) out.push(rec);
  }
  for (const e of b.events) {
    const rec = mapIssueEvent(repo, b.pull.number, e);
    if (rec) out.push(rec);
  }
  return out;
}

/** Actions/check conclusions → ci_run status; null = not a finished verdict (no record). */
export function ciStatus(conclusion: string | null | undefined): CiStatus | null {
  switch (conclusion) {
    case 'success':
      return 'success';
    case 'failure':
    case 'timed_out':
    case 'startup_failure':
      return 'failure';
    case 'cancelled':
      return 'cancelled';
    case 'skipped':
    case 'neutral':
      return 'skipped';
    default:
      return null; // action_required, stale, null (still running)
  }
}

/** One Actions job → one ci_run (workflow + job name), when completed. */
export function mapJob(repo: string, job: GhJob, run?: Pick<GhRun, 'name' | 'head_branch' | 'pull_requests'>): CiRunRecord | null {
  const status = ciStatus(job.status === 'completed' ? job.conclusion : null);
  if (!status || !job.completed_at) return null;
  return {
    type: 'ci_run',
    repo,
    id: String(job.id),
    workflow: job.workflow_name || run?.name || 'workflow',
    job: job.name,
    branch: job.head_branch || run?.head_branch || '(detached)',
    sha: job.head_sha.toLowerCase(),
    pr: run?.pull_requests?.[0]?.number ?? null,
    status,
    startedAt: job.started_at,
    finishedAt: job.completed_at,
  };
}

/**
 * A check run from a non-Actions CI app (Actions jobs are already ci_runs via workflow_job;
 * an Actions job's check run has the same id, so skipping them avoids two workflows per id).
 */
export function mapCheckRun(repo: string, c: GhCheckRun): CiRunRecord | null {
  if (c.app?.slug === 'github-actions') return null;
  const status = ciStatus(c.status === 'completed' ? c.conclusion : null);
  if (!status || !c.completed_at) return null;
  return {
    type: 'ci_run',
    repo,
    id: String(c.id),
    workflow: c.app?.name || c.app?.slug || 'checks',
    job: c.name,
    branch: c.check_suite?.head_branch || '(detached)',
    sha: c.head_sha.toLowerCase(),
    pr: c.pull_requests?.[0]?.number ?? null,
    status,
    startedAt: c.started_at ?? c.completed_at,
    finishedAt: c.completed_at,
  };
}

type DeployConfig = Pick<GithubConfig, 'deployments' | 'services'>;

export function environmentWanted(config: DeployConfig, environment: string): boolean {
  const envs = config.deployments.environments;
  return envs.length === 0 || envs.some((e) => e.toLowerCase() === environment.toLowerCase());
}

/** A completed workflow run whose name matches `deployments.workflowPattern` → a deployment. */
export function mapRunDeployment(repo: string, run: GhRun, config: DeployConfig): DeploymentRecord | null {
  const pattern = config.deployments.workflowPattern;
  if (!pattern || !run.name || !new RegExp(pattern, 'i').test(run.name) || run.status !== 'completed') return null;
  const status = run.conclusion === 'success' ? 'success' : run.conclusion === 'failure' || run.conclusion === 'timed_out' ? 'failure' : run.conclusion === 'cancelled' ? 'cancelled' : null;
  if (!status) return null;
  return {
    type: 'deployment',
    id: runDeploymentId(repo, run.id),
    service: serviceFor(config, repo),
    repo,
    environment: config.deployments.workflowEnvironment,
    sha: run.head_sha.toLowerCase(),
    status,
    startedAt: run.run_started_at ?? run.created_at,
    finishedAt: run.updated_at,
  };
}

const FINAL_STATES: Record<string, DeploymentRecord['status']> = { success: 'success', failure: 'failure', error: 'failure' };

/**
 * A GitHub deployment with its statuses → a deployment record, from its latest final status
 * (success, failure, error). No final status yet (queued/pending/in_progress) → null;
 * `inactive` (superseded by a later deployment) does not change the outcome.
 */
export function mapDeployment(repo: string, d: GhDeployment, statuses: GhDeploymentStatus[], config: DeployConfig): DeploymentRecord | null {
  if (!environmentWanted(config, d.environment)) return null;
  let final: GhDeploymentStatus | null = null;
  for (const s of statuses) {
    if (!FINAL_STATES[s.state]) continue;
    if (!final || s.created_at > final.created_at || (s.created_at === final.created_at && s.id > final.id)) final = s;
  }
  if (!final) return null;
  return {
    type: 'deployment',
    id: deploymentId(repo, d.id),
    service: serviceFor(config, repo),
    repo,
    environment: d.environment,
    sha: d.sha.toLowerCase(),
    status: FINAL_STATES[final.state]!,
    startedAt: d.created_at,
    finishedAt: final.created_at,
  };
}

/** A published release (when releases deploy) → a successful deployment at publication. */
export function mapRelease(repo: string, r: GhRelease, config: DeployConfig): DeploymentRecord | null {
  if (!config.deployments.releases || r.draft || !r.published_at) return null;
  if (r.prerelease && !config.deployments.includePrereleases) return null;
  const target = r.target_commitish ?? '';
  return {
    type: 'deployment',
    id: releaseDeploymentId(repo, r.id),
    service: serviceFor(config, repo),
    repo,
    environment: config.deployments.releaseEnvironment,
    sha: /^[0-9a-f]{40}$/i.test(target) ? target.toLowerCase() : null,
    status: 'success',
    startedAt: r.created_at,
    finishedAt: r.published_at,
  };
}

/** An issue carrying one of the incident labels → an incident (null otherwise, and for PRs). */
export function mapIncidentIssue(repo: string, issue: GhIssue, config: Pick<GithubConfig, 'incidentLabels' | 'severityLabelPrefix' | 'services'>): IncidentRecord | null {
  if (issue.pull_request) return null;
  const labels = (issue.labels ?? []).map(labelName);
  const wanted = new Set(config.incidentLabels.map((l) => l.toLowerCase()));
  if (!labels.some((l) => wanted.has(l.toLowerCase()))) return null;
  const prefix = config.severityLabelPrefix.toLowerCase();
  const sev = prefix ? labels.find((l) => l.toLowerCase().startsWith(prefix) && l.length > prefix.length) : undefined;
  return {
    type: 'incident',
    id: issueIncidentId(repo, issue.number),
    service: serviceFor(config, repo),
    title: issue.title,
    severity: sev ? sev.slice(prefix.length).trim() || null : null,
    openedAt: issue.created_at,
    resolvedAt: issue.state === 'closed' ? issue.closed_at : null,
    causedBy: parseRootCause(issue.body, repo),
  };
}

/**
 * Commits of a push delivery. The payload has no parents: the first parent is inferred from
 * the push order (each commit's parent is the previous one, the first one's is `before`);
 * the REST or git sync later stores the exact parents.
 */
export function mapPushCommits(repo: string, before: string, commits: GhPushCommit[], forced: boolean): CommitRecord[] {
  const zero = /^0+$/.test(before);
  return commits.map((c, i) => {
    const prev = i > 0 ? commits[i - 1]!.id : !zero && !forced ? before : null;
    return {
      type: 'commit',
      repo,
      sha: c.id.toLowerCase(),
      parents: prev ? [prev.toLowerCase()] : [],
      author: c.author.username || c.author.email || c.author.name || GHOST,
      authoredAt: c.timestamp,
      committedAt: c.timestamp,
      message: c.message,
    };
  });
}
