import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Single-row org settings (id = 1). Sources of truth for time zone and classification rules. */
@Entity('org_settings')
export class OrgSettingsEntity {
  @PrimaryColumn({ type: 'smallint', default: 1 })
  id: number;

  @Column({ type: 'text', default: 'Bearing' })
  name: string;

  @Column({ name: 'time_zone', type: 'text', default: 'UTC' })
  timeZone: string;

  /** PostgreSQL/JS compatible regular expression, matched case-insensitively */
  @Column({ name: 'production_pattern', type: 'text', default: '^(prod|production|live)$' })
  productionPattern: string;

  /** metric rules (attribution window, labels, working hours, bot/agent patterns); see metrics/rules.ts */
  @Column({ type: 'jsonb', nullable: true })
  rules: Record<string, unknown> | null;

  /** bumped by every recompute of the derived facts: the key of the metrics response cache */
  @Column({ name: 'facts_version', type: 'bigint', default: 0 })
  factsVersion: string;

  /**
   * Set (in the import's transaction) when a large import answered before its derived facts were
   * rebuilt; cleared when that rebuild commits. Still set at start-up → the rebuild is redone.
   */
  @Column({ name: 'facts_pending_since', type: 'timestamptz', nullable: true })
  factsPendingSince: Date | null;

  @Column({ name: 'demo_seeded_at', type: 'timestamptz', nullable: true })
  demoSeededAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('groups')
@Index('idx_groups_parent', ['parent'])
export class GroupEntity {
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  parent: string | null;
}

@Entity('squads')
@Index('idx_squads_group', ['group'])
export class SquadEntity {
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'group_key', type: 'text', nullable: true })
  group: string | null;
}

@Entity('people')
@Index('idx_people_squads', { synchronize: false })
@Index('idx_people_emails', { synchronize: false })
export class PersonEntity {
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text', array: true, nullable: true })
  emails: string[] | null;

  @Column({ type: 'jsonb', nullable: true })
  logins: Record<string, string> | null;

  @Column({ type: 'text', array: true, nullable: true })
  squads: string[] | null;

  @Column({ type: 'text', array: true, nullable: true })
  roles: string[] | null;

  @Column({ name: 'time_zone', type: 'text', nullable: true })
  timeZone: string | null;
}

@Entity('services')
@Index('idx_services_squads', { synchronize: false })
export class ServiceEntity {
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  name: string;

  /** squads[1] (PostgreSQL is 1-based) is the primary owner */
  @Column({ type: 'text', array: true })
  squads: string[];

  @Column({ type: 'text', array: true, nullable: true })
  repositories: string[] | null;
}

@Entity('repositories')
@Index('idx_repositories_squads', { synchronize: false })
export class RepositoryEntity {
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Column({ type: 'text', array: true })
  squads: string[];

  @Column({ name: 'default_branch', type: 'text', nullable: true })
  defaultBranch: string | null;
}

@Entity('patterns')
export class PatternEntity {
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  status: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', nullable: true })
  updatedAt: Date | null;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  @Column({ name: 'replaced_by', type: 'text', nullable: true })
  replacedBy: string | null;

  @Column({ name: 'migration_note', type: 'text', nullable: true })
  migrationNote: string | null;

  @Column({ type: 'text', nullable: true })
  path: string | null;
}
