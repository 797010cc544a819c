import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The pattern library's change history: one row per created, edited or retired entry. */
@Entity('pattern_changes')
@Index('idx_pattern_changes_key', ['key', 'at'])
export class PatternChangeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'text' })
  key: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  /** created | edited | retired */
  @Column({ type: 'text' })
  action: string;

  /** who made the change (user email or token name; `import` for NDJSON imports) */
  @Column({ type: 'text', nullable: true })
  by: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;
}
