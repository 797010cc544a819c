/**
 * The canonical NDJSON record types (data contract). Every source — git, GitHub, PagerDuty,
 * CDEvents, NDJSON import — ends in these shapes. Natural keys are noted per type.
 * Timestamps are ISO 8601 strings with an offset.
 */

export type PersonKind = 'human' | 'bot' | 'agent';

/** key ★ */
export interface GroupRecord {
  type: 'group';
  key: string;
  name: string;
  /** parent group key (hierarchy) */
  parent?: string | null;
}

/** key ★ */
export interface SquadRecord {
  type: 'squad';
  key: string;
  name: string;
  group?: string | null;
}

/** key ★ */
export interface PersonRecord {
  type: 'person';
  key: string;
  name: string;
  kind: PersonKind;
  emails?: string[];
  /** source → login, e.g. { github: 'octocat', pagerduty: 'PXYZ' } */
  logins?: Record<string, string>;
  squads?: string[];
  roles?: string[];
  timeZone?: string | null;
}

/** key ★ — `squads[0]` is the primary owner */
export interface ServiceRecord {
  type: 'service';
  key: string;
  name: string;
  squads: string[];
  repositories?: string[];
}

/** key ★ ("org/repo") — `squads[0]` is the primary owner */
export interface RepositoryRecord {
  type: 'repository';
  key: string;
  url?: string | null;
  squads: string[];
  defaultBranch?: string | null;
}

export interface FileChange {
  path: string;
  additions: number;
  deletions: number;
}

/** repo ★ + sha ★ */
export interface CommitRecord {
  type: 'commit';
  repo: string;
  sha: string;
  parents: string[];
  /** person key, email or login */
  author: string;
  authoredAt: string;
  committedAt: string;
  message: string;
  files?: FileChange[];
}

/** repo ★ + number ★ */
export interface PullRequestRecord {
  type: 'pull_request';
  repo: string;
  number: number;
  title: string;
  body: string;
  author: string;
  createdAt: string;
  mergedAt?: string | null;
  closedAt?: string | null;
  baseBranch: string;
  headBranch: string;
  mergeSha?: string | null;
  commits?: string[];
  labels?: string[];
}

export type PrEventKind = 'labeled' | 'unlabeled' | 'ready_for_review' | 'edited';

/** repo ★ + number ★ + id ★ */
export interface PrEventRecord {
  type: 'pr_event';
  repo: string;
  number: number;
  id: string;
  kind: PrEventKind;
  label?: string | null;
  at: string;
  actor?: string | null;
}

export type ReviewState = 'approved' | 'changes_requested' | 'commented' | 'dismissed';

/** repo ★ + number ★ + id ★ */
export interface ReviewRecord {
  type: 'review';
  repo: string;
  number: number;
  id: string;
  reviewer: string;
  state: ReviewState;
  submittedAt: string;
}

export type CiStatus = 'success' | 'failure' | 'cancelled' | 'skipped';

/** repo ★ + id ★ */
export interface CiRunRecord {
  type: 'ci_run';
  repo: string;
  id: string;
  workflow: string;
  job?: string | null;
  branch: string;
  sha: string;
  pr?: number | null;
  status: CiStatus;
  startedAt: string;
  finishedAt: string;
}

export type DeploymentStatus = 'success' | 'failure' | 'cancelled';

/** id ★ */
export interface DeploymentRecord {
  type: 'deployment';
  id: string;
  service: string;
  repo?: string | null;
  environment: string;
  sha?: string | null;
  status: DeploymentStatus;
  startedAt?: string | null;
  finishedAt: string;
  rollback?: boolean;
  failed?: boolean;
}

export interface IncidentCause {
  deployment?: string;
  sha?: string;
  pr?: { repo: string; number: number };
}

/** id ★ */
export interface IncidentRecord {
  type: 'incident';
  id: string;
  service?: string | null;
  squad?: string | null;
  title: string;
  severity?: string | null;
  openedAt: string;
  resolvedAt?: string | null;
  causedBy?: IncidentCause | null;
}

export type AgentSessionOutcome = 'merged' | 'stopped' | 'abandoned' | 'running';

/** id ★ */
export interface AgentSessionRecord {
  type: 'agent_session';
  id: string;
  /** person key of the agent */
  agent: string;
  repo?: string | null;
  pr?: number | null;
  branch?: string | null;
  task?: string | null;
  scopePaths?: string[];
  startedAt: string;
  endedAt?: string | null;
  outcome?: AgentSessionOutcome | null;
}

export type AgentSessionEventKind = 'flagged' | 'stopped' | 'rebriefed' | 'resumed' | 'ended';

/** session ★ + id ★ */
export interface AgentSessionEventRecord {
  type: 'agent_session_event';
  session: string;
  id: string;
  kind: AgentSessionEventKind;
  at: string;
  by?: string | null;
  note?: string | null;
}

export type PatternStatus = 'active' | 'retired';

/** key ★ */
export interface PatternRecord {
  type: 'pattern';
  key: string;
  title: string;
  status: PatternStatus;
  createdAt: string;
  updatedAt?: string | null;
  retiredAt?: string | null;
  replacedBy?: string | null;
  migrationNote?: string | null;
  path?: string | null;
}

export type CanonicalRecord =
  | GroupRecord
  | SquadRecord
  | PersonRecord
  | ServiceRecord
  | RepositoryRecord
  | CommitRecord
  | PullRequestRecord
  | PrEventRecord
  | ReviewRecord
  | CiRunRecord
  | DeploymentRecord
  | IncidentRecord
  | AgentSessionRecord
  | AgentSessionEventRecord
  | PatternRecord;

export type RecordType = CanonicalRecord['type'];

/**
 * Every record type, in the order an export writes them (structure first, then events),
 * which is also a sensible order for generators. Import accepts any order.
 */
export const RECORD_TYPES = [
  'group',
  'squad',
  'person',
  'service',
  'repository',
  'pattern',
  'commit',
  'pull_request',
  'pr_event',
  'review',
  'ci_run',
  'deployment',
  'incident',
  'agent_session',
  'agent_session_event',
] as const satisfies readonly RecordType[];
