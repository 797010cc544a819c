import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Drift work units (derived): PRs and agent sessions, a session linked to a PR being one unit with it. */
@Entity('drift_units')
@Index('idx_drift_units_repo', ['repo'])
@Index('idx_drift_units_session', ['sessionId'])
@Index('idx_drift_units_started', ['startedAt'])
export class DriftUnitEntity {
  /** `pr:<repo>#<number>` or `session:<id>` */
  @PrimaryColumn({ type: 'text' })
  unit: string;

  @Column({ name: 'unit_kind', type: 'text' })
  unitKind: string;

  @Column({ type: 'text', nullable: true })
  repo: string | null;

  @Column({ name: 'pr_number', type: 'integer', nullable: true })
  prNumber: number | null;

  @Column({ name: 'session_id', type: 'text', nullable: true })
  sessionId: string | null;

  /** PR author or session agent (person key when known) */
  @Column({ type: 'text' })
  person: string;

  @Column({ type: 'boolean' })
  agent: boolean;

  /** why the unit is agent-authored: author-person-record | author-agent-pattern | label | co-authored-by | agent-session */
  @Column({ name: 'agent_rule', type: 'text', nullable: true })
  agentRule: string | null;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;
}

/** Drift episodes (derived), with how they recovered. */
@Entity('drift_episodes')
@Index('idx_drift_episodes_repo_started', ['repo', 'startedAt'])
@Index('idx_drift_episodes_started', ['startedAt'])
@Index('idx_drift_episodes_recovered', ['recoveredAt'])
@Index('idx_drift_episodes_session', ['sessionId'])
export class DriftEpisodeEntity {
  /** `<unit>@<start ISO>` */
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  unit: string;

  @Column({ name: 'unit_kind', type: 'text' })
  unitKind: string;

  @Column({ type: 'text', nullable: true })
  repo: string | null;

  @Column({ name: 'pr_number', type: 'integer', nullable: true })
  prNumber: number | null;

  @Column({ name: 'session_id', type: 'text', nullable: true })
  sessionId: string | null;

  @Column({ type: 'text' })
  person: string;

  @Column({ type: 'boolean' })
  agent: boolean;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'recovered_at', type: 'timestamptz', nullable: true })
  recoveredAt: Date | null;

  /** checks_passed | session_stopped | session_rebriefed | session_ended | label_removed | pr_merged | pr_closed */
  @Column({ type: 'text', nullable: true })
  recovery: string | null;

  /** the check, session event or PR behind the recovery */
  @Column({ name: 'recovery_ref', type: 'text', nullable: true })
  recoveryRef: string | null;
}

/** The signals of each drift episode, in time order. */
@Entity('drift_signals')
@Index('idx_drift_signals_kind_at', ['kind', 'at'])
export class DriftSignalEntity {
  @PrimaryColumn({ name: 'episode_id', type: 'text' })
  episodeId: string;

  @PrimaryColumn({ type: 'integer' })
  position: number;

  /** repeated_failure | out_of_scope | retired_pattern | unknown_pattern | unreviewed_dependency | flagged */
  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'text' })
  detail: string;

  @Column({ type: 'text', nullable: true })
  ref: string | null;
}
