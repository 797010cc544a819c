import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';

/** A person who signs in. Email is stored lower-cased; roles and scopes are text arrays (see auth.types.ts). */
@Entity('users')
@Index('uq_users_email', ['email'], { unique: true })
@Index('uq_users_oidc_subject', ['oidcSubject'], { unique: true })
export class UserEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  name: string;

  /** argon2id PHC string; null for accounts that only sign in through OIDC */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles: string[];

  /** group keys (directors): the squads of these groups and their descendants are visible */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  groups: string[];

  /** squad keys (squad leads, viewers) */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  squads: string[];

  /** `<issuer>|<sub>` of a linked OpenID Connect identity */
  @Column({ name: 'oidc_subject', type: 'text', nullable: true })
  oidcSubject: string | null;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A server-side session: only the SHA-256 of the cookie's token is stored. */
@Entity('sessions')
@Index('uq_sessions_token_hash', ['tokenHash'], { unique: true })
@Index('idx_sessions_user', ['userId'])
@Index('idx_sessions_expires', ['expiresAt'])
export class SessionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<UserEntity>;

  /** `password` or `oidc` */
  @Column({ type: 'text' })
  method: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt: Date;

  /** idle expiry, pushed forward as the session is used (sliding) */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  /** hard limit: sliding renewal never goes past it */
  @Column({ name: 'absolute_expires_at', type: 'timestamptz' })
  absoluteExpiresAt: Date;

  @Column({ type: 'text', nullable: true })
  ip: string | null;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent: string | null;
}

/** An API token for automation: only the SHA-256 of the secret is stored; `prefix` identifies it in lists. */
@Entity('api_tokens')
@Index('uq_api_tokens_token_hash', ['tokenHash'], { unique: true })
export class ApiTokenEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  /** the first characters of the secret (`brg_abcd…`), safe to show */
  @Column({ type: 'text' })
  prefix: string;

  @Column({ type: 'text', array: true })
  scopes: string[];

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by' })
  creator?: Relation<UserEntity> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}

/** Append-only record of sign-ins (success and failure) and admin changes. */
@Entity('audit_log')
@Index('idx_audit_log_at', ['at'])
@Index('idx_audit_log_action_at', ['action', 'at'])
export class AuditLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  /** e.g. `login`, `logout`, `user.create`, `token.revoke` */
  @Column({ type: 'text' })
  action: string;

  /** `success` or `failure` */
  @Column({ type: 'text' })
  outcome: string;

  /** `user:<id>` or `token:<id>`; null for anonymous (a failed sign-in) or the system */
  @Column({ name: 'actor_id', type: 'text', nullable: true })
  actorId: string | null;

  /** email or token name, as it was at the time */
  @Column({ name: 'actor_label', type: 'text', nullable: true })
  actorLabel: string | null;

  /** what was acted on, e.g. `user:<id>` or the email tried at sign-in */
  @Column({ type: 'text', nullable: true })
  target: string | null;

  @Column({ type: 'text', nullable: true })
  ip: string | null;

  /** never holds a secret */
  @Column({ type: 'jsonb', nullable: true })
  details: Record<string, unknown> | null;
}

/** Single-row auth settings (id = 1): the generated session secret when SESSION_SECRET is not set, shared by replicas. */
@Entity('auth_settings')
export class AuthSettingsEntity {
  @PrimaryColumn({ type: 'smallint', default: 1 })
  id: number;

  @Column({ name: 'session_secret', type: 'text' })
  sessionSecret: string;
}

export const AUTH_ENTITIES = [UserEntity, SessionEntity, ApiTokenEntity, AuditLogEntity, AuthSettingsEntity];
