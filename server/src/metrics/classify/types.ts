/** Plain input rows for the classifiers (loaded by the recompute repository; no ORM types). */

export interface DeploymentInput {
  id: string;
  service: string;
  repo: string | null;
  environment: string;
  sha: string | null;
  status: string;
  startedAt: Date | null;
  finishedAt: Date;
  rollback: boolean | null;
  failed: boolean | null;
}

export interface CommitInput {
  sha: string;
  parents: string[];
  author: string;
  authoredAt: Date;
  message: string;
}

export interface PullRequestInput {
  number: number;
  title: string;
  body: string;
  author: string;
  createdAt: Date;
  mergedAt: Date | null;
  baseBranch: string;
  mergeSha: string | null;
  commits: string[] | null;
  labels: string[] | null;
}

export interface ReviewInput {
  number: number;
  id: string;
  reviewer: string;
  submittedAt: Date;
}

export interface IncidentInput {
  id: string;
  service: string | null;
  openedAt: Date;
  resolvedAt: Date | null;
  causedBy: { deployment?: string; sha?: string; pr?: { repo: string; number: number } } | null;
}

/** A change shipped by a deployment (lead time and its stages, in seconds). */
export interface ChangeFact {
  repo: string;
  changeKey: string;
  deploymentId: string;
  service: string;
  prNumber: number | null;
  shas: string[];
  author: string | null;
  agent: boolean;
  startedAt: Date;
  openedAt: Date | null;
  firstReviewAt: Date | null;
  mergedAt: Date | null;
  deployedAt: Date;
  leadTimeS: number;
  codingS: number | null;
  pickupS: number | null;
  reviewS: number | null;
  deployS: number | null;
  rule: 'git-ancestry' | 'merged-pr-window';
  labels: string[] | null;
}

export interface IncidentAttribution {
  incidentId: string;
  deploymentId: string | null;
  rule: 'explicit-deployment' | 'explicit-sha' | 'explicit-pr' | 'heuristic-window' | 'not-change-related';
  detail: Record<string, unknown> | null;
}

export interface DeploymentFact {
  deploymentId: string;
  service: string;
  repo: string | null;
  finishedAt: Date;
  counted: boolean;
  rollback: boolean;
  rollbackRule: string | null;
  failed: boolean;
  failureRules: string[] | null;
  failureStartedAt: Date | null;
  recoveredAt: Date | null;
  recoveryRule: string | null;
  rework: boolean;
  reworkRules: string[] | null;
  changesShipped: number;
  shippingRule: string | null;
  detail: Record<string, unknown> | null;
}

export const seconds = (from: Date, to: Date): number => (to.getTime() - from.getTime()) / 1000;

/** Orders deployments by finish time, then id (a stable, total order). */
export function byFinish<T extends { finishedAt: Date; id: string }>(a: T, b: T): number {
  return a.finishedAt.getTime() - b.finishedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
