import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { FileChange, IncidentCause } from '@bearing/shared';

@Entity('commits')
@Index('idx_commits_repo_authored', ['repo', 'authoredAt'])
@Index('idx_commits_author', ['author'])
export class CommitEntity {
  @PrimaryColumn({ type: 'text' })
  repo: string;

  @PrimaryColumn({ type: 'text' })
  sha: string;

  @Column({ type: 'text', array: true })
  parents: string[];

  @Column({ type: 'text' })
  author: string;

  @Column({ name: 'authored_at', type: 'timestamptz' })
  authoredAt: Date;

  @Column({ name: 'committed_at', type: 'timestamptz' })
  committedAt: Date;

  @Column({ type: 'text' })
  message: string;

  @Column({ type: 'jsonb', nullable: true })
  files: FileChange[] | null;
}

@Entity('pull_requests')
@Index('idx_pull_requests_repo_merged', ['repo', 'mergedAt'])
@Index('idx_pull_requests_repo_created', ['repo', 'createdAt'])
@Index('idx_pull_requests_merge_sha', ['repo', 'mergeSha'])
export class PullRequestEntity {
  @PrimaryColumn({ type: 'text' })
  repo: string;

  @PrimaryColumn({ type: 'integer' })
  number: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text' })
  author: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'merged_at', type: 'timestamptz', nullable: true })
  mergedAt: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'base_branch', type: 'text' })
  baseBranch: string;

  @Column({ name: 'head_branch', type: 'text' })
  headBranch: string;

  @Column({ name: 'merge_sha', type: 'text', nullable: true })
  mergeSha: string | null;

  @Column({ type: 'text', array: true, nullable: true })
  commits: string[] | null;

  @Column({ type: 'text', array: true, nullable: true })
  labels: string[] | null;
}

@Entity('pr_events')
@Index('idx_pr_events_at', ['repo', 'at'])
export class PrEventEntity {
  @PrimaryColumn({ type: 'text' })
  repo: string;

  @PrimaryColumn({ type: 'integer' })
  number: number;

  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text', nullable: true })
  label: string | null;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'text', nullable: true })
  actor: string | null;
}

@Entity('reviews')
@Index('idx_reviews_repo_submitted', ['repo', 'submittedAt'])
export class ReviewEntity {
  @PrimaryColumn({ type: 'text' })
  repo: string;

  @PrimaryColumn({ type: 'integer' })
  number: number;

  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  reviewer: string;

  @Column({ type: 'text' })
  state: string;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;
}

@Entity('ci_runs')
@Index('idx_ci_runs_branch', ['repo', 'branch', 'finishedAt'])
@Index('idx_ci_runs_repo_finished', ['repo', 'finishedAt'])
export class CiRunEntity {
  @PrimaryColumn({ type: 'text' })
  repo: string;

  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  workflow: string;

  @Column({ type: 'text', nullable: true })
  job: string | null;

  @Column({ type: 'text' })
  branch: string;

  @Column({ type: 'text' })
  sha: string;

  @Column({ type: 'integer', nullable: true })
  pr: number | null;

  @Column({ type: 'text' })
  status: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz' })
  finishedAt: Date;
}

@Entity('deployments')
@Index('idx_deployments_service_finished', ['service', 'finishedAt'])
@Index('idx_deployments_repo_finished', ['repo', 'finishedAt'])
@Index('idx_deployments_finished', ['finishedAt'])
export class DeploymentEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  service: string;

  @Column({ type: 'text', nullable: true })
  repo: string | null;

  @Column({ type: 'text' })
  environment: string;

  @Column({ type: 'text', nullable: true })
  sha: string | null;

  @Column({ type: 'text' })
  status: string;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz' })
  finishedAt: Date;

  @Column({ type: 'boolean', nullable: true })
  rollback: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  failed: boolean | null;
}

@Entity('incidents')
@Index('idx_incidents_service_opened', ['service', 'openedAt'])
@Index('idx_incidents_opened', ['openedAt'])
@Index('idx_incidents_resolved', ['resolvedAt'])
export class IncidentEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text', nullable: true })
  service: string | null;

  @Column({ type: 'text', nullable: true })
  squad: string | null;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  severity: string | null;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ name: 'caused_by', type: 'jsonb', nullable: true })
  causedBy: IncidentCause | null;
}

@Entity('agent_sessions')
@Index('idx_agent_sessions_repo_started', ['repo', 'startedAt'])
@Index('idx_agent_sessions_agent', ['agent'])
export class AgentSessionEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  agent: string;

  @Column({ type: 'text', nullable: true })
  repo: string | null;

  @Column({ type: 'integer', nullable: true })
  pr: number | null;

  @Column({ type: 'text', nullable: true })
  branch: string | null;

  @Column({ type: 'text', nullable: true })
  task: string | null;

  @Column({ name: 'scope_paths', type: 'text', array: true, nullable: true })
  scopePaths: string[] | null;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  outcome: string | null;
}

@Entity('agent_session_events')
@Index('idx_agent_session_events_at', ['at'])
export class AgentSessionEventEntity {
  @PrimaryColumn({ type: 'text' })
  session: string;

  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'text', nullable: true })
  by: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;
}

/** Raw source payloads, kept so mappers can be replayed without re-fetching. */
@Entity('raw_events')
@Index('uq_raw_events_source_external', ['source', 'externalId'], { unique: true })
@Index('idx_raw_events_received', ['receivedAt'])
export class RawEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'text' })
  source: string;

  @Column({ name: 'external_id', type: 'text' })
  externalId: string;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;

  @Column({ type: 'jsonb' })
  payload: unknown;
}
