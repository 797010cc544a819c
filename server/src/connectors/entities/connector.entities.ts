import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A configured data source (git repository, GitHub, PagerDuty, CDEvents receiver). */
@Entity('sources')
@Index('uq_sources_name', ['name'], { unique: true })
@Index('idx_sources_due', ['nextRunAt'], { where: 'enabled' })
export class SourceEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  name: string;

  /** non-secret configuration, validated by the connector's configSchema */
  @Column({ type: 'jsonb' })
  config: Record<string, unknown>;

  /** AES-256-GCM envelope of the secrets JSON (`v1:<iv>:<tag>:<ciphertext>`, base64); null = none */
  @Column({ name: 'secrets_encrypted', type: 'text', nullable: true })
  secretsEncrypted: string | null;

  /** names of the secrets that are set (values only in secrets_encrypted) */
  @Column({ name: 'secret_names', type: 'text', array: true, default: () => `'{}'` })
  secretNames: string[];

  @Column({ type: 'text' })
  cron: string;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** idle | running | ok | failed */
  @Column({ type: 'text', default: 'idle' })
  status: string;

  @Column({ type: 'jsonb', nullable: true })
  cursor: unknown;

  @Column({ name: 'last_run_at', type: 'timestamptz', nullable: true })
  lastRunAt: Date | null;

  @Column({ name: 'last_success_at', type: 'timestamptz', nullable: true })
  lastSuccessAt: Date | null;

  /** null for webhook-only sources and disabled ones */
  @Column({ name: 'next_run_at', type: 'timestamptz', nullable: true })
  nextRunAt: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'consecutive_failures', type: 'integer', default: 0 })
  consecutiveFailures: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/** The run log: one row per sync run (scheduled, manual, retry) or webhook delivery batch. */
@Entity('sync_runs')
@Index('idx_sync_runs_source', ['sourceId', 'startedAt'])
@Index('idx_sync_runs_started', ['startedAt'])
export class SyncRunEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'source_id', type: 'uuid' })
  sourceId: string;

  /** schedule | manual | retry | webhook */
  @Column({ type: 'text' })
  trigger: string;

  /** running | succeeded | failed */
  @Column({ type: 'text' })
  status: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ name: 'cursor_before', type: 'jsonb', nullable: true })
  cursorBefore: unknown;

  @Column({ name: 'cursor_after', type: 'jsonb', nullable: true })
  cursorAfter: unknown;

  @Column({ name: 'records_by_type', type: 'jsonb' })
  recordsByType: Record<string, number>;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** problems that did not fail the run (e.g. a pattern file with bad front matter) */
  @Column({ type: 'jsonb' })
  warnings: { message: string; file?: string; field?: string }[];
}

/**
 * Path ownership from a repository's CODEOWNERS file (the canonical records have no type for
 * it). `position` keeps the file's line order: the LAST matching line wins, as on GitHub.
 */
@Entity('code_owners')
export class CodeOwnerEntity {
  @PrimaryColumn({ type: 'text' })
  repo: string;

  @PrimaryColumn({ type: 'integer' })
  position: number;

  @Column({ type: 'text' })
  pattern: string;

  /** @user, @org/team or email, as written */
  @Column({ type: 'text', array: true })
  owners: string[];

  /** CODEOWNERS, .github/CODEOWNERS or docs/CODEOWNERS */
  @Column({ type: 'text' })
  path: string;

  /** the commit the file was read at */
  @Column({ type: 'text' })
  sha: string;
}

export const CONNECTOR_ENTITIES = [SourceEntity, SyncRunEntity, CodeOwnerEntity];
