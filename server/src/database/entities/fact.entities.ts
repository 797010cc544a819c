import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Derived facts, recomputed from the canonical tables whenever data arrives (metrics/recompute).
 * Each row carries the rule that classified it, so every metric can explain itself.
 */

/** Every deployment's classification (production, success, rollback, failure, recovery, rework). */
@Entity('deployment_facts')
@Index('idx_deployment_facts_finished', ['finishedAt'])
@Index('idx_deployment_facts_service', ['service', 'finishedAt'])
@Index('idx_deployment_facts_recovered', ['recoveredAt'])
export class DeploymentFactEntity {
  @PrimaryColumn({ name: 'deployment_id', type: 'text' })
  deploymentId: string;

  @Column({ type: 'text' })
  service: string;

  @Column({ type: 'text', nullable: true })
  repo: string | null;

  @Column({ name: 'finished_at', type: 'timestamptz' })
  finishedAt: Date;

  /** successful and production: counted by the DORA metrics */
  @Column({ type: 'boolean' })
  counted: boolean;

  @Column({ type: 'boolean' })
  rollback: boolean;

  @Column({ name: 'rollback_rule', type: 'text', nullable: true })
  rollbackRule: string | null;

  @Column({ type: 'boolean' })
  failed: boolean;

  /** incident | rollback-followed | explicit-flag (several joined by ',') */
  @Column({ name: 'failure_rules', type: 'text', array: true, nullable: true })
  failureRules: string[] | null;

  @Column({ name: 'failure_started_at', type: 'timestamptz', nullable: true })
  failureStartedAt: Date | null;

  @Column({ name: 'recovered_at', type: 'timestamptz', nullable: true })
  recoveredAt: Date | null;

  @Column({ name: 'recovery_rule', type: 'text', nullable: true })
  recoveryRule: string | null;

  @Column({ type: 'boolean' })
  rework: boolean;

  @Column({ name: 'rework_rules', type: 'text', array: true, nullable: true })
  reworkRules: string[] | null;

  @Column({ name: 'changes_shipped', type: 'integer' })
  changesShipped: number;

  @Column({ name: 'shipping_rule', type: 'text', nullable: true })
  shippingRule: string | null;

  @Column({ type: 'jsonb', nullable: true })
  detail: Record<string, unknown> | null;
}

/** One change (a merged PR, or a commit without a PR) and the first deployment that shipped it. */
@Entity('change_facts')
@Index('idx_change_facts_deployment', ['deploymentId'])
@Index('idx_change_facts_deployed', ['deployedAt'])
@Index('idx_change_facts_sha', { synchronize: false })
export class ChangeFactEntity {
  @PrimaryColumn({ type: 'text' })
  repo: string;

  /** `pr:<number>` or `commit:<sha>` */
  @PrimaryColumn({ name: 'change_key', type: 'text' })
  changeKey: string;

  @Column({ name: 'deployment_id', type: 'text' })
  deploymentId: string;

  @Column({ type: 'text' })
  service: string;

  @Column({ name: 'pr_number', type: 'integer', nullable: true })
  prNumber: number | null;

  @Column({ type: 'text', array: true })
  shas: string[];

  @Column({ type: 'text', nullable: true })
  author: string | null;

  @Column({ type: 'boolean' })
  agent: boolean;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true })
  openedAt: Date | null;

  @Column({ name: 'first_review_at', type: 'timestamptz', nullable: true })
  firstReviewAt: Date | null;

  @Column({ name: 'merged_at', type: 'timestamptz', nullable: true })
  mergedAt: Date | null;

  @Column({ name: 'deployed_at', type: 'timestamptz' })
  deployedAt: Date;

  @Column({ name: 'lead_time_s', type: 'double precision' })
  leadTimeS: number;

  @Column({ name: 'coding_s', type: 'double precision', nullable: true })
  codingS: number | null;

  @Column({ name: 'pickup_s', type: 'double precision', nullable: true })
  pickupS: number | null;

  @Column({ name: 'review_s', type: 'double precision', nullable: true })
  reviewS: number | null;

  @Column({ name: 'deploy_s', type: 'double precision', nullable: true })
  deployS: number | null;

  /** git-ancestry | merged-pr-window */
  @Column({ type: 'text' })
  rule: string;

  @Column({ type: 'text', array: true, nullable: true })
  labels: string[] | null;
}

/** Each incident's attribution to a deployment (or none) and the rule that decided it. */
@Entity('incident_facts')
@Index('idx_incident_facts_deployment', ['deploymentId'])
export class IncidentFactEntity {
  @PrimaryColumn({ name: 'incident_id', type: 'text' })
  incidentId: string;

  @Column({ name: 'deployment_id', type: 'text', nullable: true })
  deploymentId: string | null;

  /** explicit-deployment | explicit-sha | explicit-pr | heuristic-window | not-change-related */
  @Column({ type: 'text' })
  rule: string;

  @Column({ type: 'jsonb', nullable: true })
  detail: Record<string, unknown> | null;
}

/** Per PR: resolved author, agent/bot flags and the first qualifying review (pickup). */
@Entity('pr_facts')
@Index('idx_pr_facts_created', ['createdAt'])
export class PrFactEntity {
  @PrimaryColumn({ type: 'text' })
  repo: string;

  @PrimaryColumn({ type: 'integer' })
  number: number;

  @Column({ type: 'text' })
  author: string;

  @Column({ type: 'boolean' })
  agent: boolean;

  @Column({ name: 'agent_rule', type: 'text', nullable: true })
  agentRule: string | null;

  @Column({ type: 'boolean' })
  bot: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'merged_at', type: 'timestamptz', nullable: true })
  mergedAt: Date | null;

  @Column({ name: 'first_review_at', type: 'timestamptz', nullable: true })
  firstReviewAt: Date | null;

  @Column({ name: 'first_reviewer', type: 'text', nullable: true })
  firstReviewer: string | null;

  /** incident ids named in the title/body, or whose cause names this PR (rework links) */
  @Column({ name: 'incident_refs', type: 'text', array: true, nullable: true })
  incidentRefs: string[] | null;
}

/** Per review: resolved reviewer and whether it counts for review metrics. */
@Entity('review_facts')
@Index('idx_review_facts_submitted', ['submittedAt'])
export class ReviewFactEntity {
  @PrimaryColumn({ type: 'text' })
  repo: string;

  @PrimaryColumn({ type: 'integer' })
  number: number;

  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  reviewer: string;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;

  /** false for self-reviews and bots */
  @Column({ type: 'boolean' })
  counted: boolean;

  @Column({ name: 'practice_lead', type: 'boolean' })
  practiceLead: boolean;
}

/** Per commit: resolved author and whether it was authored out of hours (humans only). */
@Entity('commit_facts')
@Index('idx_commit_facts_authored', ['authoredAt'])
export class CommitFactEntity {
  @PrimaryColumn({ type: 'text' })
  repo: string;

  @PrimaryColumn({ type: 'text' })
  sha: string;

  @Column({ type: 'text' })
  author: string;

  @Column({ type: 'boolean' })
  human: boolean;

  @Column({ name: 'authored_at', type: 'timestamptz' })
  authoredAt: Date;

  @Column({ name: 'out_of_hours', type: 'boolean' })
  outOfHours: boolean;

  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;
}

/** Targets per metric per scope, set by directors/admins. */
@Entity('metric_targets')
export class MetricTargetEntity {
  @PrimaryColumn({ type: 'text' })
  scope: string;

  @PrimaryColumn({ type: 'text' })
  metric: string;

  @Column({ type: 'text' })
  op: string;

  @Column({ type: 'double precision' })
  value: number;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/** Per-service overrides of org rules (e.g. the attribution window). */
@Entity('service_settings')
export class ServiceSettingsEntity {
  @PrimaryColumn({ type: 'text' })
  service: string;

  @Column({ name: 'attribution_window_s', type: 'integer', nullable: true })
  attributionWindowS: number | null;
}

/** Per PR and cited pattern key: active/retired as of the PR's merge time, or unknown (not in the library). */
@Entity('pr_citations')
@Index('idx_pr_citations_key', ['patternKey'])
export class PrCitationEntity {
  @PrimaryColumn({ type: 'text' })
  repo: string;

  @PrimaryColumn({ type: 'integer' })
  number: number;

  @PrimaryColumn({ name: 'pattern_key', type: 'text' })
  patternKey: string;

  /** active | retired | unknown */
  @Column({ type: 'text' })
  kind: string;

  /** key | path */
  @Column({ type: 'text' })
  via: string;
}
